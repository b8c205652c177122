namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>Which integration source an actor stands for: the FHIR source a key is bound to, or a person's own id.</summary>
public static class IntegrationSource
{
    private const string KeyPrefix = "apikey:";

    public static async Task<string> NameOfAsync(EscalationDbContext db, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.StartsWith(KeyPrefix, StringComparison.Ordinal) && Guid.TryParse(actor[KeyPrefix.Length..], out var keyId))
        {
            // The key's FHIR binding, which /fhir required of it (docs/decisions/019); V0010 bound each key that fed
            // FHIR before to its source name, so results recorded before the upgrade keep their source.
            var name = await db.ApiKeyBindings.AsNoTracking().Where(b => b.ApiKeyId == keyId && b.Kind == Integrations.FeedKind.FhirSource)
                .Select(b => b.Target).FirstOrDefaultAsync(cancellationToken)
                ?? await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.SourceName).SingleOrDefaultAsync(cancellationToken);
            if (name is not null)
            {
                return name;
            }
        }

        // A person posting a result by hand (the API allows it) is their own source: nobody else sees its write-back.
        return actor;
    }
}
