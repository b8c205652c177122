namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>
/// The read side of the Communications <see cref="CommunicationWriteBack"/> writes, for <c>GET /fhir/Communication</c>:
/// a source only ever sees its own.
/// </summary>
public sealed class LabCommunications(IDbContextFactory<EscalationDbContext> contexts)
{
    /// <summary>The Communications about one source's Observation, oldest first (the source only ever sees its own).</summary>
    public async Task<IReadOnlyList<LabCommunication>> SearchAsync(string sourceName, string about, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<LabCommunication>().AsNoTracking().Where(c => c.SourceName == sourceName && c.About == about).ToListAsync(cancellationToken);
        return rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Kind).ToList();
    }

    public async Task<LabCommunication?> FindAsync(string sourceName, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<LabCommunication>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.SourceName == sourceName, cancellationToken);
    }
}
