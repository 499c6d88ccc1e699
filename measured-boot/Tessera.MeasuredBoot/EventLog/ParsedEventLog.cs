using System.Collections.Generic;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>A validated event log: its Spec ID header and its events in log order.</summary>
public sealed class ParsedEventLog
{
    public ParsedEventLog(EventLogFormat format, SpecIdEvent specId, List<EventLogEntry> events, int endOffset)
    {
        Format = format;
        SpecId = specId;
        Events = events;
        EndOffset = endOffset;
    }

    public EventLogFormat Format { get; }

    public SpecIdEvent SpecId { get; }

    /// <summary>The events after the Spec ID header (which is not included), in log order.</summary>
    public List<EventLogEntry> Events { get; }

    /// <summary>Offset where the log ended: the terminating entry, the start of padding, or the buffer end.</summary>
    public int EndOffset { get; }
}
