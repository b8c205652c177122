namespace Escalation.Domain.Audit;

public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Intact(long count) => new(true, count, null, null);
}

/// <summary>Where a verifiable chain starts: the genesis, or the last entry a signed retention checkpoint purged.</summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    public static readonly AuditAnchor Genesis = new(0, AuditEntry.GenesisHash);
}

public static class AuditChain
{
    /// <summary>
    /// Walks the chained trail in sequence order and names the first entry that is not what was written: altered (its hash
    /// no longer matches its fields), or after a removal or reordering (a gap in sequence, or a broken link). A trail
    /// whose oldest entries were purged under retention starts at its checkpoint's <paramref name="start"/>.
    /// <paramref name="onEntry"/>, when given, hears every entry with its own problem (null when it checks out), and
    /// the walk goes on past the first problem, so an export can show each row's result.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entriesInSequenceOrder, AuditAnchor? start = null, Action<AuditEntry, string?>? onEntry = null)
    {
        start ??= AuditAnchor.Genesis;
        long count = 0;
        AuditVerification? firstProblem = null;
        AuditEntry? previous = null;
        foreach (var entry in entriesInSequenceOrder)
        {
            if (!entry.IsChained)
            {
                throw new ArgumentException("Only chained entries can be verified.", nameof(entriesInSequenceOrder));
            }

            if (firstProblem is null)
            {
                count++;
            }

            var problem = Problem(entry, previous, start);
            previous = entry;
            if (problem is not null && firstProblem is null)
            {
                firstProblem = new AuditVerification(false, count, entry.Sequence!.Value, problem);
                if (onEntry is null)
                {
                    return firstProblem;
                }
            }

            onEntry?.Invoke(entry, problem);
        }

        return firstProblem ?? AuditVerification.Intact(count);
    }

    private static string? Problem(AuditEntry entry, AuditEntry? previous, AuditAnchor start)
    {
        var sequence = entry.Sequence!.Value;
        if (previous is null)
        {
            if (sequence != start.Sequence + 1 || entry.PreviousHash != start.Hash)
            {
                return start.Sequence == 0
                    ? "The trail does not start at entry 1: entries before it were removed."
                    : $"The trail does not start at entry {start.Sequence + 1}, right after the retention checkpoint: entries were removed or altered.";
            }
        }
        else if (sequence != previous.Sequence!.Value + 1)
        {
            return sequence <= previous.Sequence!.Value
                ? $"Entry {sequence} is out of order after entry {previous.Sequence!.Value}."
                : $"Entries {previous.Sequence!.Value + 1} to {sequence - 1} were removed.";
        }
        else if (entry.PreviousHash != previous.Hash)
        {
            return $"Entry {sequence} does not follow entry {previous.Sequence!.Value}: the chain was broken or reordered.";
        }

        return entry.ComputeHash() != entry.Hash ? $"Entry {sequence} was altered after it was written." : null;
    }
}
