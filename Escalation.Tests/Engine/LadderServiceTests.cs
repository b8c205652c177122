using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Ladders;
using Escalation.Infrastructure.Organisation;
using Escalation.Web.Components.Pages.Admin.LadderEditing;

namespace Escalation.Tests.Engine;

/// <summary>The ladder service's pure parts: the version diff, guidance per layer, and the editor's draft.</summary>
[Trait("Category", "Unit")]
public sealed class LadderServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    private static LadderView Version(int version, string name, params LayerView[] layers) =>
        new(Guid.Empty, Guid.NewGuid(), version, name, layers, "admin", Now, "note", []);

    private static LayerView L(int seconds, params ClinicalRoleKind[] roles) => new(roles, seconds, [Channels.Inbox]);

    [Fact]
    public void Changes_OfTheFirstVersion_ListEveryLayerInWords()
    {
        var first = Version(1, "Urgent", L(480, ClinicalRoleKind.PrimaryNurse), L(480, ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician));

        Assert.Equal("L1 Primary nurse 8 min; L2 Attending physician, else On-call physician 8 min", LadderChanges.Between(first, null));
    }

    [Fact]
    public void Changes_NameEachChangedTimeoutRoleAndChannel_LayerByLayer()
    {
        var before = Version(1, "Urgent", L(480, ClinicalRoleKind.PrimaryNurse), L(480, ClinicalRoleKind.ChargeNurse), L(30, ClinicalRoleKind.DepartmentHead));
        var after = Version(2, "Urgent ED", L(360, ClinicalRoleKind.PrimaryNurse), new([ClinicalRoleKind.Attending], 480, [Channels.Inbox, Channels.Sms]));

        Assert.Equal(
            "L1 timeout 8 min → 6 min; L2 roles Charge nurse → Attending physician; L2 channels Inbox → Inbox + SMS; L3 removed; renamed from 'Urgent'",
            LadderChanges.Between(after, before));
    }

    [Fact]
    public void Changes_SayAnAddedLayer_AndNoChangeWhenOnlyTheNoteDiffers()
    {
        var before = Version(1, "Critical", L(180, ClinicalRoleKind.PrimaryNurse));
        var added = Version(2, "Critical", L(180, ClinicalRoleKind.PrimaryNurse), L(45, ClinicalRoleKind.ChargeNurse));

        Assert.Equal("L2 added (Charge nurse, 45 s)", LadderChanges.Between(added, before));
        Assert.Equal("no change to the layers", LadderChanges.Between(Version(2, "Critical", L(180, ClinicalRoleKind.PrimaryNurse)), before));
    }

    [Fact]
    public void Of_PairsEachVersionWithTheOneBeforeIt_NewestFirst()
    {
        var versions = LadderChanges.Of([Version(3, "U", L(300, ClinicalRoleKind.PrimaryNurse)), Version(2, "U", L(360, ClinicalRoleKind.PrimaryNurse)), Version(1, "U", L(480, ClinicalRoleKind.PrimaryNurse))]);

        Assert.Equal(["L1 timeout 6 min → 5 min", "L1 timeout 8 min → 6 min", "L1 Primary nurse 8 min"], versions.Select(v => v.Changes));
    }

    [Fact]
    public void GuidancePerLayer_PutsTheFirstTimeoutOnLayer1_AndTheTimeToLayer3OnLayer3()
    {
        Layer[] slow =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(6), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(10), Channels.Inbox),
            new([ClinicalRoleKind.Attending], TimeSpan.FromMinutes(5), Channels.Inbox),
            new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(5), Channels.Inbox),
        ];

        var perLayer = LadderGuidance.PerLayer([Tier.Urgent, Tier.Critical, Tier.Critical], slow);

        Assert.Contains("first Critical timeout is 6 min", Assert.Single(perLayer[0]));
        Assert.Empty(perLayer[1]);
        Assert.Contains("reaches Layer 3 after 16 min", Assert.Single(perLayer[2]));
        Assert.Empty(perLayer[3]);
        Assert.Equal(Ladder.Guidance(Tier.Critical, slow), perLayer.SelectMany(w => w));
    }

    [Fact]
    public void GuidancePerLayer_IsEmpty_ForATierWithoutGuidance()
    {
        var perLayer = LadderGuidance.PerLayer([Tier.Urgent], [new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(30), Channels.Inbox)]);

        Assert.Empty(Assert.Single(perLayer));
    }

    [Fact]
    public void Draft_KeepsTheFallbackOrder_WhenARoleIsAddedInAMultiSelect()
    {
        var draft = LadderDraft.From([L(300, ClinicalRoleKind.OnCallPhysician)]);

        draft.SetRoles(0, new HashSet<ClinicalRoleKind> { ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician });

        Assert.Equal([ClinicalRoleKind.OnCallPhysician, ClinicalRoleKind.Attending], draft.Layers[0].Roles);
    }

    [Fact]
    public void Draft_RefusesToBuild_WhileATimeoutIsOutOfRange_AndDrawsNoGuidanceMeanwhile()
    {
        var draft = LadderDraft.From([L(180, ClinicalRoleKind.PrimaryNurse)]);
        draft.Layers[0].Minutes = 0;

        Assert.False(draft.TryBuild(out _, out var error));
        Assert.Contains("timeout", error);
        Assert.Empty(Assert.Single(draft.Steps(null, [Tier.Critical])).Guidance!);
    }

    [Fact]
    public void Draft_MovesAddsAndRemovesLayers_WithinTheLadder()
    {
        var draft = LadderDraft.From([L(180, ClinicalRoleKind.PrimaryNurse), L(300, ClinicalRoleKind.ChargeNurse)]);

        draft.Move(new LadderMove(1, 0));
        draft.Move(new LadderMove(0, 5));
        Assert.Equal([ClinicalRoleKind.ChargeNurse, ClinicalRoleKind.PrimaryNurse], draft.Layers.Select(l => l.Roles[0]));

        draft.Add();
        Assert.True(draft.TryBuild(out var layers, out _));
        Assert.Equal(ClinicalRoleKind.DepartmentHead, layers[2].Roles[0]);

        draft.Remove(0);
        draft.Remove(0);
        draft.Remove(0);
        Assert.Single(draft.Layers);
    }

    [Fact]
    public void EditorUnit_IsTheEditorsHomeUnit_ElseTheUnitMostPeopleWorkIn()
    {
        UnitDto cardiology = new(Guid.NewGuid(), "CARD", "Cardiology", "UTC", []), emergency = new(Guid.NewGuid(), "ED", "Emergency", "UTC", []);
        PersonDto[] people = [Person("a", "ED"), Person("b", "ED"), Person("c", "CARD")];

        Assert.Equal(emergency.Id, EditorUnit.Default([cardiology, emergency], people, null));
        Assert.Equal(cardiology.Id, EditorUnit.Default([cardiology, emergency], people, cardiology.Id));
        Assert.Equal(Guid.Empty, EditorUnit.Default([], people, null));
    }

    private static PersonDto Person(string id, string unit) => new(id, $"{id}@x", id, null, [], unit, unit, true, false);
}
