package io.urlfetcher.distributed;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;

import java.util.BitSet;

/**
 * Takes a batch's messages off the broker when its submitter ends without them: the jobs no worker took yet (so a
 * later worker does not fetch them), its results nobody will read and its dead-lettered or expired jobs. Messages
 * that arrive later (a result of a job a worker was fetching) expire with their time-to-live.
 */
public final class BatchLeftovers {

    /** A receive that waits this long for a matching message finds the queue drained of the batch. */
    private static final long DRAINED_MILLIS = 200;
    /** Removals acknowledged per transaction: one commit, one journal sync, per chunk. */
    private static final int COMMIT_EVERY = 500;

    private final ConnectionFactory factory;

    public BatchLeftovers(ConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * Removes the messages a selector picks from a queue.
     *
     * @return the indices of the removed messages ({@link JobHeaders#INDEX})
     */
    BitSet remove(String queue, String selector) {
        BitSet removed = new BitSet();
        try (JMSContext jms = factory.createContext(JMSContext.SESSION_TRANSACTED);
             JMSConsumer consumer = jms.createConsumer(jms.createQueue(queue), selector)) {
            int uncommitted = 0;
            Message message;
            while ((message = consumer.receive(DRAINED_MILLIS)) != null) {
                if (message.propertyExists(JobHeaders.INDEX)) {
                    removed.set(message.getIntProperty(JobHeaders.INDEX));
                }
                if (++uncommitted == COMMIT_EVERY) {
                    jms.commit();
                    uncommitted = 0;
                }
            }
            jms.commit();
        } catch (JMSException | JMSRuntimeException e) {
            throw new IllegalStateException("could not read " + queue + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
