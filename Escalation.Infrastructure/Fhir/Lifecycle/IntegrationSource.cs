using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>Which integration source an actor stands for: a key's source name, or a person's own id.</summary>
public static class IntegrationSource
{
    private const string KeyPrefix = "apikey:";

    public static async Task<string> NameOfAsync(EscalationDbContext db, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.StartsWith(KeyPrefix, StringComparison.Ordinal) && Guid.TryParse(actor[KeyPrefix.Length..], out var keyId))
        {
            var name = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.SourceName).SingleOrDefaultAsync(cancellationToken);
            if (name is not null)
            {
                return name;
            }
        }

        // A person posting a result by hand (the API allows it) is their own source: nobody else sees its write-back.
        return actor;
    }
}
