namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// One frame read from the stream: its content (between 0x0B and 0x1C), or, for a frame longer than the limit, only
/// its first bytes (<see cref="IsOversized"/>, <see cref="Length"/> counting what was discarded).
/// </summary>
public sealed record MllpFrame(byte[] Content, bool IsOversized, long Length);
