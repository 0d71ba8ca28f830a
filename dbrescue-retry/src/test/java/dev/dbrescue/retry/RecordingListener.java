package dev.dbrescue.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a {@link DeadlockRetry} reported, from any number of threads, in order. */
class RecordingListener implements RetryListener {

    enum Kind { RETRY, SUCCESS, GIVE_UP }

    record Event(Kind kind, int attempt, Exception failure, Duration delay, String thread) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRetry(int attempt, Exception failure, Duration delay) {
        events.add(new Event(Kind.RETRY, attempt, failure, delay, Thread.currentThread().getName()));
    }

    @Override
    public void onSuccess(int attempts) {
        events.add(new Event(Kind.SUCCESS, attempts, null, null, Thread.currentThread().getName()));
    }

    @Override
    public void onGiveUp(int attempts, Exception failure) {
        events.add(new Event(Kind.GIVE_UP, attempts, failure, null, Thread.currentThread().getName()));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> of(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    List<Event> retries() {
        return of(Kind.RETRY);
    }

    List<Event> successes() {
        return of(Kind.SUCCESS);
    }

    List<Event> giveUps() {
        return of(Kind.GIVE_UP);
    }
}
