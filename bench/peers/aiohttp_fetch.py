"""Peer: Python aiohttp, the original experiment's winner. Usage: aiohttp_fetch.py LIST CONCURRENCY [shared|per-url]

shared:  one ClientSession whose connector allows CONCURRENCY connections (the fast, idiomatic way);
per-url: one ClientSession per URL, as the original experiment wrote it.
Prints "<milliseconds of the fetch loop> <responses with status 200>".
"""
import asyncio
import sys
import time

import aiohttp


async def fetch_all(urls, concurrency, style):
    async def read(session, url):
        async with session.get(url) as response:
            await response.read()
            return response.status

    if style == "per-url":
        async def one(url):
            async with aiohttp.ClientSession() as session:
                return await read(session, url)
        return await asyncio.gather(*(one(u) for u in urls))

    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        return await asyncio.gather(*(read(session, u) for u in urls))


def main():
    path, concurrency = sys.argv[1], int(sys.argv[2])
    style = sys.argv[3] if len(sys.argv) > 3 else "shared"
    with open(path) as f:
        urls = [line.strip() for line in f if line.strip()]
    start = time.perf_counter()
    statuses = asyncio.run(fetch_all(urls, concurrency, style))
    print(f"{(time.perf_counter() - start) * 1000:.0f} {sum(1 for s in statuses if s == 200)}")


if __name__ == "__main__":
    main()
