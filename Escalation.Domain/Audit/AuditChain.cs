namespace Escalation.Domain.Audit;

public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Intact(long count) => new(true, count, null, null);
}

public static class AuditChain
{
    /// <summary>
    /// Walks the trail in sequence order and names the first entry that is not what was written: altered (its hash
    /// no longer matches its fields), or after a removal or reordering (a gap in sequence, or a broken link).
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entriesInSequenceOrder)
    {
        long count = 0;
        AuditEntry? previous = null;
        foreach (var entry in entriesInSequenceOrder)
        {
            count++;
            if (previous is null)
            {
                if (entry.Sequence != 1 || entry.PreviousHash != AuditEntry.GenesisHash)
                {
                    return new AuditVerification(false, count, entry.Sequence, "The trail does not start at entry 1: entries before it were removed.");
                }
            }
            else if (entry.Sequence != previous.Sequence + 1)
            {
                return new AuditVerification(false, count, entry.Sequence,
                    entry.Sequence <= previous.Sequence
                        ? $"Entry {entry.Sequence} is out of order after entry {previous.Sequence}."
                        : $"Entries {previous.Sequence + 1} to {entry.Sequence - 1} were removed.");
            }
            else if (entry.PreviousHash != previous.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence, $"Entry {entry.Sequence} does not follow entry {previous.Sequence}: the chain was broken or reordered.");
            }

            if (entry.ComputeHash() != entry.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence, $"Entry {entry.Sequence} was altered after it was written.");
            }

            previous = entry;
        }

        return AuditVerification.Intact(count);
    }
}
