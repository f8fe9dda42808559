# Shared by the bench scripts: install and run Debian's nginx with the echo module on 127.0.0.1.
# Every process started here is stopped by stop_nginx (the scripts call it from an EXIT trap).

ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so

ensure_nginx() {
    if ! command -v nginx >/dev/null || [ ! -f "$ECHO_MODULE" ]; then
        echo "installing nginx and its echo module from Debian's packages" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-echo >/dev/null
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# make_certificates DIR: a throw-away CA (ca.pem) and a server certificate for 127.0.0.1 and localhost signed by
# it (server.pem, server.key), plus the CA as a PKCS12 trust store for the JVM peers (truststore.p12, password
# "benchpass"). Made at every start: no private key is ever checked in.
make_certificates() {
    local dir=$1
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=url-fetcher bench CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$dir/san.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/san.ext" -out "$dir/server.pem" 2>/dev/null
    rm -f "$dir/truststore.p12"
    keytool -importcert -noprompt -alias bench-ca -file "$dir/ca.pem" -keystore "$dir/truststore.p12" \
        -storetype PKCS12 -storepass benchpass >/dev/null 2>&1
}

# start_nginx WORKDIR -> sets NGINX_PORT, NGINX_TLS_PORT and NGINX_WORK
start_nginx() {
    NGINX_WORK=$1
    NGINX_PORT=$(free_port)
    NGINX_TLS_PORT=$(free_port)
    mkdir -p "$NGINX_WORK/tmp" "$NGINX_WORK/www/bytes"
    make_certificates "$NGINX_WORK/tls"
    sed "s#__WORK__#$NGINX_WORK#g; s#__PORT__#$NGINX_PORT#g; s#__TLS_PORT__#$NGINX_TLS_PORT#g" \
        "$(dirname "${BASH_SOURCE[0]}")/nginx.conf" > "$NGINX_WORK/nginx.conf"
    nginx -c "$NGINX_WORK/nginx.conf" -p "$NGINX_WORK" -e "$NGINX_WORK/nginx-error.log"
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$NGINX_PORT/sleep/0" >/dev/null && return 0
        sleep 0.1
    done
    echo "nginx did not answer on 127.0.0.1:$NGINX_PORT" >&2
    return 1
}

stop_nginx() {
    if [ -n "${NGINX_WORK:-}" ] && [ -f "$NGINX_WORK/nginx.pid" ]; then
        kill "$(cat "$NGINX_WORK/nginx.pid")" 2>/dev/null || true
    fi
}

ensure_jar() {
    [ -f target/url-fetcher.jar ] || mvn -B -q -DskipTests package
}
