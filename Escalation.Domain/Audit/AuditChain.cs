namespace Escalation.Domain.Audit;

public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Intact(long count) => new(true, count, null, null);
}

public static class AuditChain
{
    /// <summary>
    /// Walks the chained trail in sequence order and names the first entry that is not what was written: altered (its hash
    /// no longer matches its fields), or after a removal or reordering (a gap in sequence, or a broken link).
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entriesInSequenceOrder)
    {
        long count = 0;
        AuditEntry? previous = null;
        foreach (var entry in entriesInSequenceOrder)
        {
            count++;
            if (!entry.IsChained)
            {
                throw new ArgumentException("Only chained entries can be verified.", nameof(entriesInSequenceOrder));
            }

            if (previous is null)
            {
                if (entry.Sequence!.Value != 1 || entry.PreviousHash != AuditEntry.GenesisHash)
                {
                    return new AuditVerification(false, count, entry.Sequence!.Value, "The trail does not start at entry 1: entries before it were removed.");
                }
            }
            else if (entry.Sequence!.Value != previous.Sequence!.Value + 1)
            {
                return new AuditVerification(false, count, entry.Sequence!.Value,
                    entry.Sequence!.Value <= previous.Sequence!.Value
                        ? $"Entry {entry.Sequence!.Value} is out of order after entry {previous.Sequence!.Value}."
                        : $"Entries {previous.Sequence!.Value + 1} to {entry.Sequence!.Value - 1} were removed.");
            }
            else if (entry.PreviousHash != previous.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence!.Value, $"Entry {entry.Sequence!.Value} does not follow entry {previous.Sequence!.Value}: the chain was broken or reordered.");
            }

            if (entry.ComputeHash() != entry.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence!.Value, $"Entry {entry.Sequence!.Value} was altered after it was written.");
            }

            previous = entry;
        }

        return AuditVerification.Intact(count);
    }
}
