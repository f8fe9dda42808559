package io.urlfetcher.distributed;

import org.apache.camel.Message;

/**
 * What a job message of a distributed batch carries besides its URL (the body), as JMS properties: the
 * results queue is read with a selector on the batch id, and the index places a result in the report.
 *
 * @param batch           id of the batch
 * @param index           position among the batch's URL lines, from 0
 * @param line            line number in the submitted list, from 1
 * @param batchStartMillis when the batch was submitted (epoch millis), for the results' start offsets
 */
record JobHeaders(String batch, int index, int line, long batchStartMillis) {

    public static final String BATCH = "fetchBatch";
    public static final String INDEX = "fetchIndex";
    public static final String LINE = "fetchLine";
    public static final String BATCH_START = "fetchBatchStart";
    /** Set by the broker: 1 on the first delivery of a message, 2 after one redelivery, and so on. */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    /** JMS headers as camel-jms maps them: when a message expires (0 for never) and when it was sent, epoch millis. */
    static final String EXPIRATION = "JMSExpiration";
    static final String TIMESTAMP = "JMSTimestamp";
    /** camel-jms' header for the delivery mode a preserveMessageQos endpoint sends with (2: persistent). */
    static final String DELIVERY_MODE = "JMSDeliveryMode";
    /** Set by Artemis on an expired message: the address it expired from. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    /**
     * The time-to-live the submitter gave a message (its expiry less its send time, both by the submitter's clock),
     * or 0 when it never expires.
     */
    static long timeToLive(Message message) {
        long expiration = message.getHeader(EXPIRATION, 0L, Long.class);
        long timestamp = message.getHeader(TIMESTAMP, 0L, Long.class);
        return expiration > 0 && timestamp > 0 && expiration > timestamp ? expiration - timestamp : 0;
    }

    /** @throws IllegalArgumentException when a header is missing or not a number: not a job of ours */
    public static JobHeaders read(Message message) {
        String batch = message.getHeader(BATCH, String.class);
        Integer index = message.getHeader(INDEX, Integer.class);
        Integer line = message.getHeader(LINE, Integer.class);
        Long start = message.getHeader(BATCH_START, Long.class);
        if (batch == null || batch.isBlank() || index == null || index < 0 || line == null || start == null) {
            throw new IllegalArgumentException("not a url-fetcher job: it needs the JMS properties " + BATCH + ", "
                    + INDEX + ", " + LINE + " and " + BATCH_START);
        }
        return new JobHeaders(batch, index, line, start);
    }

    /** Replaces the message's headers with these: nothing else of the exchange travels to the broker. */
    public void writeTo(Message message) {
        message.removeHeaders("*");
        message.setHeader(BATCH, batch);
        message.setHeader(INDEX, index);
        message.setHeader(LINE, line);
        message.setHeader(BATCH_START, batchStartMillis);
    }

    /** The JMS message selector of this batch's messages. */
    public static String selector(String batch) {
        return BATCH + " = '" + batch + "'";
    }

    /** The selector of this batch's jobs that expired from {@code jobsQueue} into the expiry queue. */
    static String expiredJobsSelector(String batch, String jobsQueue) {
        return selector(batch) + " AND " + ORIGINAL_ADDRESS + " = '" + jobsQueue + "'";
    }
}
