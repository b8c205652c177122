using System.Security.Cryptography;
using System.Text;

namespace Escalation.Domain.Audit;

/// <summary>
/// One step of the audit trail. Entries are only ever appended; each one's hash covers its own fields and the
/// previous entry's hash, so altering, removing or reordering any entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    public const string GenesisHash = "GENESIS";

    private AuditEntry()
    {
        Actor = Kind = PreviousHash = Hash = string.Empty;
    }

    public AuditEntry(long sequence, DateTimeOffset at, string actor, string kind, Guid? messageId, int? layer, string? channel, string? detail, string previousHash)
    {
        Sequence = sequence;
        // Millisecond precision, stored as Unix milliseconds: the same value on every provider, so the hash is stable.
        AtUnixMs = at.ToUnixTimeMilliseconds();
        Actor = actor;
        Kind = kind;
        MessageId = messageId;
        Layer = layer;
        Channel = channel;
        Detail = detail;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public long Sequence { get; private set; }

    public long AtUnixMs { get; private set; }

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtUnixMs);

    /// <summary>A user id, or a component such as <c>system:engine</c>.</summary>
    public string Actor { get; private set; }

    public string Kind { get; private set; }

    public Guid? MessageId { get; private set; }

    public int? Layer { get; private set; }

    public string? Channel { get; private set; }

    public string? Detail { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    public string ComputeHash()
    {
        var canonical = new StringBuilder();
        foreach (var field in new[] { Sequence.ToString(), AtUnixMs.ToString(), Actor, Kind, MessageId?.ToString(), Layer?.ToString(), Channel, Detail, PreviousHash })
        {
            // Length-prefixed, so no choice of field contents can make two different entries hash alike.
            canonical.Append(field is null ? "-1:" : $"{field.Length}:{field}").Append('|');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
