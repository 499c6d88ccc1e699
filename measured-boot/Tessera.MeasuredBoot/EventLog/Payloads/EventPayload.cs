namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// The decoded form of an event's data, for the event types whose data layout a standard defines.
/// Consumers test the concrete type (<see cref="UefiVariablePayload"/>, <see cref="ImageLoadPayload"/>, …).
/// Decoding is informative only: replay uses the digests, never the decoded payload.
/// </summary>
public abstract class EventPayload
{
}
