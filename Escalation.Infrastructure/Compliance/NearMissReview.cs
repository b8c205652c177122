namespace Escalation.Infrastructure.Compliance;

/// <summary>
/// A Layer-4 activation is a near miss: everyone below the department head let a clinical message go unanswered.
/// Each one opens a review, due within 24 hours, that compliance closes with findings.
/// </summary>
public sealed class NearMissReview
{
    public static readonly TimeSpan DueWithin = TimeSpan.FromHours(24);

    /// <summary>The layer whose start is the activation: the department head's immediate page and call.</summary>
    public const int Layer = 4;

    private NearMissReview()
    {
    }

    public NearMissReview(MessageId messageId, DateTimeOffset activatedAt)
    {
        Id = Guid.NewGuid();
        MessageId = messageId;
        OpenedAt = activatedAt.ToUniversalTime();
        DueAt = OpenedAt + DueWithin;
    }

    public Guid Id { get; private set; }

    public MessageId MessageId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public string? Findings { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsOverdue(DateTimeOffset now) => ClosedAt is null && now > DueAt;

    public bool Close(string findings, string by, DateTimeOffset now)
    {
        var trimmed = findings?.Trim() ?? string.Empty;
        if (ClosedAt is not null || trimmed.Length is 0 or > 4000)
        {
            return false;
        }

        Findings = trimmed;
        ClosedBy = by;
        ClosedAt = now.ToUniversalTime();
        return true;
    }
}
