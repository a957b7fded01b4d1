package io.maillake.web.ui;

import io.maillake.domain.StreamState;
import io.maillake.mimecast.LogType;
import io.maillake.web.Views.StreamView;
import java.time.Instant;

/** One stream as a row or panel of the console: its badge, freshness, volume and what to fix. */
public record StreamRow(StreamView s, Instant now) {
    public LogType type() { return LogType.fromId(s.logType()).orElseThrow(); }
    public StreamState state() { return StreamState.valueOf(s.status()); }
    public String label() { return Fmt.state(state()); }
    public String cssClass() { return Fmt.stateClass(state()); }
    public String typeName() { return Fmt.type(type()); }
    public String shortType() { return Fmt.shortType(type()); }
    public String lastEvent() { return Fmt.ago(s.lastEventTime(), now); }
    public String lastEventExact() { return Fmt.time(s.lastEventTime()); }
    public String lag() { return Fmt.lag(s.lagSeconds()); }
    public String events24h() { return Fmt.count(s.events24h()); }
    public String events() { return Fmt.count(s.events()); }
    public String lastSuccess() { return Fmt.ago(s.lastSuccessAt(), now); }
    public boolean problem() { return s.errorCode() != null; }
    public String guideStep() { return Fmt.guideStep(s.errorCode()); }
}
