namespace Escalation.Infrastructure.Answering;

/// <summary>One masked callback as the message page and the API show it: no phone numbers.</summary>
public sealed record CallbackView(
    Guid Id,
    Guid MessageId,
    string ClinicianId,
    string ClinicianName,
    DateTimeOffset RequestedAt,
    string? CallSid,
    string Status,
    string? AnsweredBy,
    DateTimeOffset? BridgedAt,
    DateTimeOffset? EndedAt,
    int? DurationSeconds,
    string? Error);
