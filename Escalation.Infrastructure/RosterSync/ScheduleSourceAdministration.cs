using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.RosterSync.Parsing;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>What an administrator fills in to add a schedule source from the roster page.</summary>
public sealed record NewScheduleSource(string? Name, Guid UnitId, ScheduleFormat Format, ScheduleTransport Transport, string? Location);

/// <summary>
/// Adds a schedule source: the rules (a name, an http(s) address for a URL source, a folder for a folder source, no
/// two sources of one name) and the audited write in one transaction, so the roster page holds no database code.
/// </summary>
public sealed class ScheduleSourceAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>The new source's id, or the reason it was refused (nothing is stored then).</summary>
    public async Task<(Guid? Id, Result Outcome)> CreateAsync(NewScheduleSource request, string actor, CancellationToken cancellationToken = default)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        if (Problem(request with { Name = name }) is { } problem)
        {
            return (null, problem);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ScheduleSources.AnyAsync(s => s.Name == name, cancellationToken))
        {
            return (null, Result.Fail("duplicate", $"A source named '{name}' already exists."));
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = new ScheduleSource(name, new UnitId(request.UnitId), request.Format, request.Transport,
            request.Transport == ScheduleTransport.Upload ? null : request.Location?.Trim(), actor, now);
        db.ScheduleSources.Add(source);
        AuditWriter.Append(db, [new(now, actor, "ScheduleSourceCreated", Detail: $"'{source.Name}' {source.Format} via {source.Transport} {source.Location}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (source.Id, Result.Ok);
    }

    /// <summary>Why <paramref name="request"/> cannot be a source, before the database is asked; null when it can.</summary>
    public static Result? Problem(NewScheduleSource request)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Result.Fail("name", "Give the source a name.");
        }

        if (request.Transport == ScheduleTransport.Url && !(Uri.TryCreate(request.Location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return Result.Fail("location", "A URL source needs an http(s) address.");
        }

        if (request.Transport == ScheduleTransport.Folder && string.IsNullOrWhiteSpace(request.Location))
        {
            return Result.Fail("location", "A folder source needs a folder.");
        }

        return null;
    }
}
