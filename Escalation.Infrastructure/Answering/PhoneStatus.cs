namespace Escalation.Infrastructure.Answering;

/// <summary>A person's own phone as their profile page shows it.</summary>
public sealed record PhoneStatus(string? PhoneNumber, bool Verified, DateTimeOffset? CodeExpiresAt, int TriesLeft);
