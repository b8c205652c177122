using System.Security.Cryptography;
using System.Text;

namespace Escalation.Domain.Audit;

/// <summary>
/// One step of the audit trail. Entries are only ever appended, in the transaction of the change they record;
/// moments later the chainer gives each its place in the chain: a sequence number and a hash that covers its own
/// fields and the previous entry's hash, so altering, removing or reordering any chained entry breaks every hash
/// after it. Chaining after commit (not inside it) keeps one chain from making every commit wait for the last.
/// </summary>
public sealed class AuditEntry
{
    public const string GenesisHash = "GENESIS";

    private AuditEntry()
    {
        Actor = Kind = string.Empty;
    }

    public AuditEntry(DateTimeOffset at, string actor, string kind, Guid? messageId, int? layer, string? channel, string? detail)
    {
        // Millisecond precision, stored as Unix milliseconds: the same value on every provider, so the hash is stable.
        AtUnixMs = at.ToUnixTimeMilliseconds();
        Actor = actor;
        Kind = kind;
        MessageId = messageId;
        Layer = layer;
        Channel = channel;
        Detail = detail;
    }

    /// <summary>Insertion order, assigned by the database.</summary>
    public long Id { get; private set; }

    /// <summary>Position in the chain; null until the chainer has linked the entry.</summary>
    public long? Sequence { get; private set; }

    public long AtUnixMs { get; private set; }

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtUnixMs);

    /// <summary>A user id, or a component such as <c>system:engine</c>.</summary>
    public string Actor { get; private set; }

    public string Kind { get; private set; }

    public Guid? MessageId { get; private set; }

    public int? Layer { get; private set; }

    public string? Channel { get; private set; }

    public string? Detail { get; private set; }

    public string? PreviousHash { get; private set; }

    public string? Hash { get; private set; }

    public bool IsChained => Sequence is not null;

    /// <summary>Links the entry after the one whose hash is <paramref name="previousHash"/>. Once only.</summary>
    public void Chain(long sequence, string previousHash)
    {
        if (IsChained)
        {
            throw new InvalidOperationException($"Audit entry {Id} is already chained at {Sequence}.");
        }

        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        var canonical = new StringBuilder();
        foreach (var field in new[] { Sequence?.ToString(), AtUnixMs.ToString(), Actor, Kind, MessageId?.ToString(), Layer?.ToString(), Channel, Detail, PreviousHash })
        {
            // Length-prefixed, so no choice of field contents can make two different entries hash alike.
            canonical.Append(field is null ? "-1:" : $"{field.Length}:{field}").Append('|');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
