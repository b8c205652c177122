namespace Escalation.Infrastructure.Audit;

/// <summary>
/// The end of the audit chain: one row, locked by every transaction that appends, so entries from several
/// nodes get consecutive sequence numbers and each links to the one before it.
/// </summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = Escalation.Domain.Audit.AuditEntry.GenesisHash;
}
