package io.maillake.lake;

import io.maillake.mimecast.LogType;

/** One immutable Parquet file of the lake: the events of one stream and one day. */
public record LakeFile(String path, String tenantId, String integrationId, LogType logType, String day,
                       long minTimeSeconds, long maxTimeSeconds, long rows, long bytes) { }
