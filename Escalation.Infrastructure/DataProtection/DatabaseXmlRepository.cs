using System.Xml.Linq;
using Escalation.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.DataProtection;

/// <summary>
/// Keeps data-protection keys in our own database. The EF Core package for this is missing from our feed
/// (shared/DEPENDENCIES.md); without shared keys a restart or a second node would sign everybody out.
/// </summary>
internal sealed class DatabaseXmlRepository(IDbContextFactory<EscalationDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).AsEnumerable()
            .Select(k => XElement.Parse(k.Xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }
}
