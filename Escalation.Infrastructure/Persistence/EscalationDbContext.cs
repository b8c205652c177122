using Escalation.Domain.Audit;
using Escalation.Domain.Ladders;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Escalation.Infrastructure.Persistence;

public sealed class EscalationDbContext(DbContextOptions<EscalationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<OrganisationProfile> Organisation => Set<OrganisationProfile>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<ClinicalRole> ClinicalRoles => Set<ClinicalRole>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Ladder> Ladders => Set<Ladder>();

    public DbSet<TierPolicy> TierPolicies => Set<TierPolicy>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<Rotation> Rotations => Set<Rotation>();

    public DbSet<RosterOverride> RosterOverrides => Set<RosterOverride>();

    public DbSet<BackupContact> BackupContacts => Set<BackupContact>();

    public DbSet<RosterSync.ScheduleSource> ScheduleSources => Set<RosterSync.ScheduleSource>();

    public DbSet<RosterSync.ScheduleImport> ScheduleImports => Set<RosterSync.ScheduleImport>();

    public DbSet<Notices.Notice> Notices => Set<Notices.Notice>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<OutboxItem> Outbox => Set<OutboxItem>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<EngineCounter> EngineCounters => Set<EngineCounter>();

    public DbSet<Integrations.ApiKey> ApiKeys => Set<Integrations.ApiKey>();

    public DbSet<Integrations.ApiKeyBinding> ApiKeyBindings => Set<Integrations.ApiKeyBinding>();

    public DbSet<Compliance.StoredReport> StoredReports => Set<Compliance.StoredReport>();

    public DbSet<Compliance.DrillSchedule> DrillSchedules => Set<Compliance.DrillSchedule>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    public DbSet<Paging.TelephonyPage> TelephonyPages => Set<Paging.TelephonyPage>();

    public DbSet<Paging.TelephonyCallback> TelephonyCallbacks => Set<Paging.TelephonyCallback>();

    public DbSet<Paging.SmsOptOut> SmsOptOuts => Set<Paging.SmsOptOut>();

    /// <summary>The organisation's time zone (UTC until one is set): local hours, days and hand-offs are counted in it.</summary>
    public async Task<TimeZoneInfo> OrganisationZoneAsync(CancellationToken cancellationToken = default) =>
        TimeZoneInfo.FindSystemTimeZoneById(await Organisation.AsNoTracking().Where(o => o.Id == OrganisationProfile.SingletonId).Select(o => o.TimeZoneId)
            .SingleOrDefaultAsync(cancellationToken) ?? "UTC");

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EscalationDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<UnitId>().HaveConversion<UnitIdConverter>();
        configurationBuilder.Properties<ClinicalRoleId>().HaveConversion<ClinicalRoleIdConverter>();
        configurationBuilder.Properties<MessageId>().HaveConversion<MessageIdConverter>();
        configurationBuilder.Properties<LadderId>().HaveConversion<LadderIdConverter>();
        if (Database.IsSqlite())
        {
            // SQLite has no date type: EF would store text that cannot be ordered or compared in SQL. The binary
            // form (the value's clock ticks, then its offset) sorts correctly as long as every value has the same
            // offset; all our instants come from TimeProvider.GetUtcNow(), so they are UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    private sealed class UnitIdConverter() : ValueConverter<UnitId, Guid>(id => id.Value, value => new UnitId(value));

    private sealed class MessageIdConverter() : ValueConverter<MessageId, Guid>(id => id.Value, value => new MessageId(value));

    private sealed class LadderIdConverter() : ValueConverter<LadderId, Guid>(id => id.Value, value => new LadderId(value));

    private sealed class ClinicalRoleIdConverter()
        : ValueConverter<ClinicalRoleId, Guid>(id => id.Value, value => new ClinicalRoleId(value));
}
