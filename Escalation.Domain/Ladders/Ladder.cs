using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;

namespace Escalation.Domain.Ladders;

/// <summary>
/// One version of an escalation ladder. Versions are immutable: editing creates the next version of the same
/// family, and a message keeps climbing the version it started with.
/// </summary>
public sealed class Ladder
{
    public const int MaxLayers = 8;

    private Ladder()
    {
        Name = ChangeNote = ChangedBy = string.Empty;
        Layers = [];
    }

    private Ladder(Guid familyId, int version, string name, IReadOnlyList<Layer> layers, string changedBy, string changeNote, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > 100)
        {
            throw new DomainException("A ladder needs a name of at most 100 characters.");
        }

        if (layers is null || layers.Count == 0 || layers.Count > MaxLayers)
        {
            throw new DomainException($"A ladder has between 1 and {MaxLayers} layers.");
        }

        Id = LadderId.New();
        FamilyId = familyId;
        Version = version;
        Name = trimmed;
        Layers = layers.ToList();
        ChangedBy = changedBy;
        ChangeNote = changeNote?.Trim() ?? string.Empty;
        ChangedAt = now;
        IsCurrent = true;
    }

    public LadderId Id { get; private set; }

    /// <summary>Shared by every version of one ladder; tier policies point at the family and use its current version.</summary>
    public Guid FamilyId { get; private set; }

    public int Version { get; private set; }

    public string Name { get; private set; }

    public IReadOnlyList<Layer> Layers { get; private set; }

    public bool IsCurrent { get; private set; }

    public string ChangedBy { get; private set; }

    public string ChangeNote { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public static Ladder Create(string name, IReadOnlyList<Layer> layers, string changedBy, DateTimeOffset now, string changeNote = "Created") =>
        new(Guid.NewGuid(), 1, name, layers, changedBy, changeNote, now);

    /// <summary>The next version; this one stops being current but stays for the messages that use it.</summary>
    public Ladder Revise(string name, IReadOnlyList<Layer> layers, string changedBy, string changeNote, DateTimeOffset now)
    {
        if (!IsCurrent)
        {
            throw new DomainException($"Version {Version} of '{Name}' is not the current version: revise the current one.");
        }

        var next = new Ladder(FamilyId, Version + 1, name, layers, changedBy, changeNote, now);
        IsCurrent = false;
        return next;
    }

    /// <summary>
    /// What the practice guides advise for patient-safety alerts; the editor shows these as warnings, it does not
    /// refuse them (a clinic may have a reason).
    /// </summary>
    public static IReadOnlyList<string> Guidance(Tier tier, IReadOnlyList<Layer> layers)
    {
        var warnings = new List<string>();
        if (tier != Tier.Critical || layers.Count == 0)
        {
            return warnings;
        }

        if (layers[0].Timeout > TimeSpan.FromMinutes(5))
        {
            warnings.Add($"The first Critical timeout is {Minutes(layers[0].Timeout)}: guidance is at most 3 to 5 minutes.");
        }

        if (layers.Count >= 3)
        {
            var toLayer3 = layers[0].Timeout + layers[1].Timeout;
            if (toLayer3 > TimeSpan.FromMinutes(15))
            {
                warnings.Add($"A Critical message reaches Layer 3 after {Minutes(toLayer3)}: guidance is under 15 minutes for patient-safety alerts.");
            }
        }

        return warnings;
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0} s" : $"{span.TotalMinutes:0.#} min";

    /// <summary>The product's defaults, from the practice guides (docs/architecture.md).</summary>
    public static class Defaults
    {
        public const string CriticalName = "Critical";
        public const string UrgentName = "Urgent";
        public const string DrillName = "Drill (fast)";

        public static IReadOnlyList<Layer> Critical { get; } =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(3), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(5), Channels.Inbox),
            new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromMinutes(7), Channels.Inbox),
            new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(5), Channels.Inbox | Channels.Sms | Channels.Voice),
        ];

        public static IReadOnlyList<Layer> Urgent { get; } =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(8), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(8), Channels.Inbox),
            new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromMinutes(8), Channels.Inbox),
            new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(8), Channels.Inbox | Channels.Sms),
        ];

        public static IReadOnlyList<Layer> Drill { get; } =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromSeconds(5), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromSeconds(5), Channels.Inbox),
            new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromSeconds(5), Channels.Inbox),
            new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromSeconds(5), Channels.Inbox),
        ];
    }
}
