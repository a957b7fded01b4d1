package io.maillake.simulator.logs;

import io.maillake.simulator.LogType;

/**
 * One query, fixed when its first page is served: account, log type, the window
 * [fromSecond, toSecond) with {@code to} already made exclusive, the filters (those on an event's
 * head, and the impersonation filters on its content), the order, and the snapshot instant: only
 * events visible at the snapshot are served, so paging is stable while new (or late) records appear.
 */
public record LogQuery(int account, LogType type, long fromSecond, long toSecond, EventFilter filter,
                       ImpersonationSearch search, boolean oldestFirst, long snapshotMillis) {
}
