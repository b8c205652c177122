namespace Escalation.Infrastructure.Audit;

/// <summary>
/// What a retention purge removed: entries up to <see cref="ThroughSequence"/>, the last of which had
/// <see cref="LastHash"/>. The remaining chain is verified from here instead of from the genesis. The signature
/// (HMAC-SHA256 with the checkpoint key, kept outside the database) stops anyone with only database access from
/// deleting entries and writing a checkpoint to cover it.
/// </summary>
public sealed class AuditCheckpoint
{
    private AuditCheckpoint()
    {
        LastHash = Signature = CreatedBy = string.Empty;
    }

    public AuditCheckpoint(long fromSequence, long throughSequence, string lastHash, DateTimeOffset cutoff, long purged, string createdBy, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        FromSequence = fromSequence;
        ThroughSequence = throughSequence;
        LastHash = lastHash;
        Cutoff = cutoff;
        Purged = purged;
        CreatedBy = createdBy;
        CreatedAt = now;
        Signature = string.Empty;
    }

    public Guid Id { get; private set; }

    public long FromSequence { get; private set; }

    public long ThroughSequence { get; private set; }

    public string LastHash { get; private set; }

    public DateTimeOffset Cutoff { get; private set; }

    public long Purged { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string Signature { get; private set; }

    /// <summary>The signed fields, in a fixed order.</summary>
    public string Canonical => $"{FromSequence}|{ThroughSequence}|{LastHash}|{Cutoff.ToUnixTimeMilliseconds()}|{Purged}|{CreatedAt.ToUnixTimeMilliseconds()}";

    public void Sign(string signature) => Signature = signature;
}
