using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Escalation.Infrastructure.Hosting;
using Escalation.Infrastructure.Notices;
using Escalation.Infrastructure.Organisation;
using Escalation.Infrastructure.Roster;
using Quartz;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>
/// One pass of the roster's background work: pulls every URL and folder source that is due, tells administrators
/// once per episode when a source goes stale, and sends the daily gap digest once per day. Each part is
/// idempotent, so a pass that runs twice (two nodes, a retry) sends nothing twice.
/// </summary>
public sealed class RosterSync(
    IDbContextFactory<EscalationDbContext> contexts,
    ScheduleImporter importer,
    NoticeBoard notices,
    RosterViews views,
    IHttpClientFactory http,
    RosterSyncOptions options,
    TimeProvider clock,
    ILogger<RosterSync> logger,
    Compliance.Maintenance maintenance)
{
    public const string Actor = "system:roster-sync";
    public const string HttpClientName = "roster-sync";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await PullDueSourcesAsync(cancellationToken);
        await NotifyStaleSourcesAsync(cancellationToken);
        await SendDigestAsync(cancellationToken);

        // The same minutely job announces planned maintenance 30 minutes ahead (one notice per window and person).
        await maintenance.SendNoticesAsync(cancellationToken);
    }

    public async Task PullDueSourcesAsync(CancellationToken cancellationToken)
    {
        List<ScheduleSource> due;
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.ScheduleSources.AsNoTracking().Where(s => s.IsEnabled && s.Transport != ScheduleTransport.Upload).ToListAsync(cancellationToken))
                .Where(s => s.LastCheckedAt is null || now - s.LastCheckedAt >= TimeSpan.FromMinutes(s.PullIntervalMinutes)).ToList();
        }

        foreach (var source in due)
        {
            await PullAsync(source.Id, cancellationToken);
        }
    }

    /// <summary>Fetches one source now and applies it; the same file as last time only confirms we are in sync.</summary>
    public async Task<ImportReport?> PullAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.ScheduleSources.SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null || source.Transport == ScheduleTransport.Upload)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        SourceFile file;
        try
        {
            file = source.Transport == ScheduleTransport.Url ? await FetchUrlAsync(source, cancellationToken) : ReadFolder(source);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or UnauthorizedAccessException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogWarning("Schedule source {Source} could not be fetched: {Error}", source.Name, exception.Message);
            source.LastCheckedAt = now;
            source.LastError = $"Could not fetch {source.Location}: {exception.Message}";
            db.ScheduleImports.Add(new ScheduleImport(source.Id, now, Actor, null, new string('0', 64), null) { Outcome = ImportOutcome.Failed, Errors = source.LastError });
            await db.SaveChangesAsync(cancellationToken);
            return new ImportReport(source.Id, ImportOutcome.Failed, 0, 0, 0, 0, [new Parsing.ScheduleError(0, source.LastError)], null);
        }

        var hash = Convert.ToHexString(SHA256.HashData(file.Content)).ToLowerInvariant();
        if (hash == source.LastContentHash)
        {
            // Recorded, so the share of time a source was stale can be measured from the confirmations.
            db.ScheduleImports.Add(new ScheduleImport(source.Id, now, Actor, file.Name, hash, source.LastSourceChangedAt) { Outcome = ImportOutcome.Unchanged });
            source.LastCheckedAt = now;
            source.LastSyncedAt = now;
            source.LastError = null;
            source.StaleNoticeFor = null;
            await db.SaveChangesAsync(cancellationToken);
            return new ImportReport(source.Id, ImportOutcome.Unchanged, 0, 0, 0, 0, [], source.LastSourceChangedAt);
        }

        return await importer.ImportAsync(source.Id, file.Content, file.Name, file.ChangedAt, Actor, cancellationToken);
    }

    public async Task NotifyStaleSourcesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var sources = await db.ScheduleSources.Where(s => s.IsEnabled && s.Transport != ScheduleTransport.Upload).ToListAsync(cancellationToken);
        var zone = await db.OrganisationZoneAsync(cancellationToken);
        foreach (var source in sources.Where(s => s.IsStale(now)))
        {
            var since = source.LastSyncedAt ?? source.CreatedAt;
            if (source.StaleNoticeFor == since)
            {
                continue;
            }

            var minutes = (int)(now - since).TotalMinutes;
            await notices.SendToAdministratorsAsync("roster-stale", $"Schedule source '{source.Name}' is {minutes} minutes stale",
                $"The roster has not been confirmed against '{source.Name}' since {TimeText.When(since, zone)} (limit {source.StaleAfterMinutes} minutes)."
                + (source.LastError is null ? string.Empty : $" Last error: {source.LastError}") + " Pages may reach people who are no longer on duty.",
                "/roster", $"roster-stale:{source.Id}:{since.UtcTicks}", cancellationToken);
            source.StaleNoticeFor = since;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Once a day, after <see cref="RosterSyncOptions.DigestAt"/> in the organisation's zone, the gaps of the next hours.</summary>
    public async Task<bool> SendDigestAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), await db.OrganisationZoneAsync(cancellationToken));
            var key = $"roster-digest:{DateOnly.FromDateTime(local.DateTime):yyyy-MM-dd}";
            if (TimeOnly.FromTimeSpan(local.TimeOfDay) < options.DigestAt || await db.Notices.AnyAsync(n => n.DedupeKey == key, cancellationToken))
            {
                return false;
            }

            return await SendDigestAsync(key, await db.OrganisationZoneAsync(cancellationToken), cancellationToken);
        }
    }

    private async Task<bool> SendDigestAsync(string key, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var gaps = await views.GapsAsync(cancellationToken);
        var body = new StringBuilder();
        if (gaps.IsEmpty)
        {
            body.Append(CultureInfo.InvariantCulture, $"No roster gaps in the next {options.GapHorizonHours} hours: every layer of every ladder in use has somebody on duty.");
        }
        else
        {
            foreach (var gap in gaps.Uncovered)
            {
                body.Append(CultureInfo.InvariantCulture, $"{gap.UnitCode} {gap.Ladder} layer {gap.Layer} ({string.Join(" / ", gap.Roles)}): nobody {TimeText.When(gap.StartsAt, zone)} to {TimeText.When(gap.EndsAt, zone)}.\n");
            }

            foreach (var phone in gaps.NoVerifiedPhone)
            {
                body.Append(CultureInfo.InvariantCulture, $"{phone.UnitCode} {phone.Ladder} layer {phone.Layer} places calls, but {phone.DisplayName} (on duty {TimeText.When(phone.StartsAt, zone)} to {TimeText.When(phone.EndsAt, zone)}) has no verified phone number.\n");
            }
        }

        var title = gaps.IsEmpty ? "Roster digest: no gaps" : $"Roster digest: {gaps.Uncovered.Count} gap(s), {gaps.NoVerifiedPhone.Count} without a verified phone";
        await notices.SendToAdministratorsAsync("roster-digest", title, body.ToString().TrimEnd(), "/roster", key, cancellationToken);
        return true;
    }

    private async Task<SourceFile> FetchUrlAsync(ScheduleSource source, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.Location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"'{source.Location}' is not an http(s) address.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        var client = http.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength > ScheduleImporter.MaxBytes)
        {
            throw new InvalidOperationException($"the file is larger than {ScheduleImporter.MaxBytes / 1024 / 1024} MB.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ScheduleImporter.MaxBytes)
            {
                throw new InvalidOperationException($"the file is larger than {ScheduleImporter.MaxBytes / 1024 / 1024} MB.");
            }
        }

        return new SourceFile(buffer.ToArray(), Path.GetFileName(uri.AbsolutePath), response.Content.Headers.LastModified);
    }

    private static SourceFile ReadFolder(ScheduleSource source)
    {
        var location = source.Location ?? throw new InvalidOperationException("the source has no folder.");
        var (folder, pattern) = Directory.Exists(location) ? (location, "*") : (Path.GetDirectoryName(location) ?? ".", Path.GetFileName(location));
        var newest = new DirectoryInfo(folder).EnumerateFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
            ?? throw new IOException($"no file matching '{pattern}' in {folder}.");
        if (newest.Length > ScheduleImporter.MaxBytes)
        {
            throw new InvalidOperationException($"{newest.Name} is larger than {ScheduleImporter.MaxBytes / 1024 / 1024} MB.");
        }

        return new SourceFile(File.ReadAllBytes(newest.FullName), newest.Name, new DateTimeOffset(newest.LastWriteTimeUtc, TimeSpan.Zero));
    }

    private sealed record SourceFile(byte[] Content, string Name, DateTimeOffset? ChangedAt);
}

/// <summary>The Quartz job that runs <see cref="RosterSync"/>; one at a time across the cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class RosterSyncJob(RosterSync sync, ILogger<RosterSyncJob> logger) : ChoreJob(logger)
{
    public static readonly JobKey Key = new("roster-sync", "roster");

    protected override string Chore => "Roster sync";

    protected override Task RunAsync(CancellationToken cancellationToken) => sync.RunAsync(cancellationToken);
}
