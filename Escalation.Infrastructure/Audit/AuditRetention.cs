using System.Security.Cryptography;
using System.Text;
using Escalation.Domain.Audit;

namespace Escalation.Infrastructure.Audit;

public sealed class RetentionOptions
{
    public const string Section = "Audit";

    /// <summary>How long audit entries are kept: six years by default (HIPAA's documentation retention).</summary>
    public int RetentionYears { get; set; } = 6;

    /// <summary>The checkpoint signing key, base64 (32 bytes or more). Set it on every node of a cluster; when unset, a key file is made.</summary>
    public string? CheckpointKey { get; set; }

    /// <summary>Where the key is kept when <see cref="CheckpointKey"/> is unset (relative to the content root).</summary>
    public string CheckpointKeyFile { get; set; } = "data/audit-checkpoint.key";
}

/// <summary>Signs and checks retention checkpoints with HMAC-SHA256, with a key kept outside the database.</summary>
public sealed class AuditCheckpointSigner(byte[] key)
{
    public static AuditCheckpointSigner FromOptions(RetentionOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.CheckpointKey))
        {
            var configured = Convert.FromBase64String(options.CheckpointKey);
            return configured.Length >= 32 ? new AuditCheckpointSigner(configured) : throw new InvalidOperationException("Audit:CheckpointKey must be at least 32 bytes (base64).");
        }

        var path = Path.IsPathRooted(options.CheckpointKeyFile) ? options.CheckpointKeyFile : Path.Combine(contentRoot, options.CheckpointKeyFile);
        return new AuditCheckpointSigner(LoadOrCreate(path));
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }

    public string Sign(AuditCheckpoint checkpoint) => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(checkpoint.Canonical)));

    public bool IsValid(AuditCheckpoint checkpoint) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(checkpoint)), Encoding.ASCII.GetBytes(checkpoint.Signature));
}

public sealed record PurgeResult(long Purged, long ThroughSequence, string? Refused);

/// <summary>
/// Purges audit entries older than the retention period, oldest first, and leaves a signed checkpoint naming the
/// last purged entry and its hash, so the rest of the chain still verifies. It never purges a stretch that does not
/// verify: evidence of tampering is kept, and administrators are told.
/// </summary>
public sealed class AuditRetention(IDbContextFactory<EscalationDbContext> contexts, RetentionOptions options, AuditCheckpointSigner signer, TimeProvider clock, ILogger<AuditRetention> logger)
{
    public const string Actor = "system:retention";
    public const string PurgedKind = "AuditPurged";

    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddYears(-options.RetentionYears);
        var cutoffMs = cutoff.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        var anchor = await AnchorAsync(db, signer, cancellationToken);
        if (anchor is null)
        {
            return new PurgeResult(0, 0, "The latest retention checkpoint's signature does not verify.");
        }

        var firstKept = await db.AuditEntries.Where(e => e.Sequence != null && e.AtUnixMs >= cutoffMs).MinAsync(e => e.Sequence, cancellationToken);
        var through = Math.Min((firstKept ?? head.LastSequence + 1) - 1, head.LastSequence);
        if (through <= anchor.Sequence)
        {
            return new PurgeResult(0, anchor.Sequence, null);
        }

        var stretch = db.AuditEntries.AsNoTracking().Where(e => e.Sequence > anchor.Sequence && e.Sequence <= through).OrderBy(e => e.Sequence);
        var verdict = AuditChain.Verify(stretch.AsAsyncEnumerable().ToBlockingEnumerable(), anchor);
        if (!verdict.IsIntact)
        {
            logger.LogError("Retention purge refused: the entries it would remove do not verify ({Problem})", verdict.Problem);
            return new PurgeResult(0, anchor.Sequence, $"Entries to purge do not verify: {verdict.Problem}");
        }

        var lastHash = await db.AuditEntries.Where(e => e.Sequence == through).Select(e => e.Hash).SingleAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var purged = await db.AuditEntries.Where(e => e.Sequence > anchor.Sequence && e.Sequence <= through).ExecuteDeleteAsync(cancellationToken);
        var checkpoint = new AuditCheckpoint(anchor.Sequence + 1, through, lastHash!, cutoff, purged, Actor, now);
        checkpoint.Sign(signer.Sign(checkpoint));
        db.AuditCheckpoints.Add(checkpoint);
        AuditWriter.Append(db, [new AuditRecord(now, Actor, PurgedKind, Detail:
            $"Purged entries {anchor.Sequence + 1} to {through} ({purged}) older than {options.RetentionYears} years (before {cutoff.UtcDateTime:yyyy-MM-dd}); checkpoint {checkpoint.Id}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PurgeResult(purged, through, null);
    }

    /// <summary>Where verification starts: after the latest checkpoint, when its signature holds; null when it does not.</summary>
    public static async Task<AuditAnchor?> AnchorAsync(EscalationDbContext db, AuditCheckpointSigner? signer, CancellationToken cancellationToken = default)
    {
        var latest = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.ThroughSequence).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return AuditAnchor.Genesis;
        }

        return signer is not null && signer.IsValid(latest) ? new AuditAnchor(latest.ThroughSequence, latest.LastHash) : null;
    }
}
