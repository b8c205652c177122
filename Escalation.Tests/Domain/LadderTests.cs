using Escalation.Domain.Audit;
using Escalation.Domain.Common;
using Escalation.Domain.Ladders;

namespace Escalation.Tests.Domain;

[Trait("Category", "Unit")]
public sealed class LadderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DefaultCriticalLadder_FollowsThePracticeGuides_AndRaisesNoWarning()
    {
        var layers = Ladder.Defaults.Critical;

        Assert.Equal([180, 300, 420, 300], layers.Select(l => (int)l.Timeout.TotalSeconds));
        Assert.Equal([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], layers[2].Roles);
        Assert.True(layers[3].Channels.HasFlag(Channels.Voice));
        Assert.Empty(Ladder.Guidance(Tier.Critical, layers));
    }

    [Fact]
    public void Guidance_WarnsAboutASlowFirstCriticalLayer_AndALateLayer3()
    {
        Layer[] slow =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(6), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(10), Channels.Inbox),
            new([ClinicalRoleKind.Attending], TimeSpan.FromMinutes(7), Channels.Inbox),
        ];

        var warnings = Ladder.Guidance(Tier.Critical, slow);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("first Critical timeout is 6 min", warnings[0]);
        Assert.Contains("Layer 3 after 16 min", warnings[1]);
        Assert.Empty(Ladder.Guidance(Tier.Urgent, slow));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(86_401)]
    public void Layer_RefusesTimeoutsOutsideItsBounds(int seconds)
    {
        Assert.Throws<DomainException>(() => new Layer([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromSeconds(seconds), Channels.Inbox));
    }

    [Fact]
    public void Layer_AlwaysDeliversToTheInbox_AndNamesARole()
    {
        Assert.Throws<DomainException>(() => new Layer([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(3), Channels.Sms));
        Assert.Throws<DomainException>(() => new Layer([], TimeSpan.FromMinutes(3), Channels.Inbox));
        Assert.Throws<DomainException>(() => new Layer([ClinicalRoleKind.ChargeNurse, ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(3), Channels.Inbox));
    }

    [Fact]
    public void Revise_CreatesTheNextVersionOfTheSameFamily_AndRetiresTheOld()
    {
        var v1 = Ladder.Create("Critical", Ladder.Defaults.Critical, "admin", Now);

        var v2 = v1.Revise("Critical", Ladder.Defaults.Urgent, "admin", "slower", Now.AddDays(1));

        Assert.Equal(v1.FamilyId, v2.FamilyId);
        Assert.NotEqual(v1.Id, v2.Id);
        Assert.Equal(2, v2.Version);
        Assert.False(v1.IsCurrent);
        Assert.True(v2.IsCurrent);
        Assert.Throws<DomainException>(() => v1.Revise("Critical", Ladder.Defaults.Urgent, "admin", "again", Now));
    }

    [Fact]
    public void CriticalPolicy_AlwaysEscalatesAndRequiresAck()
    {
        var family = Guid.NewGuid();
        Assert.Throws<DomainException>(() => new TierPolicy(Tier.Critical, escalates: false, family, requiresAck: true, "admin", Now));
        Assert.Throws<DomainException>(() => new TierPolicy(Tier.Critical, escalates: true, family, requiresAck: false, "admin", Now));
        var routine = new TierPolicy(Tier.Routine, escalates: false, family, requiresAck: false, "admin", Now);
        Assert.False(routine.Escalates);
    }

    [Fact]
    public void AuditChain_DetectsReorderedEntries()
    {
        var first = new AuditEntry(Now, "a", "Created", null, null, null, null);
        first.Chain(1, AuditEntry.GenesisHash);
        var second = new AuditEntry(Now, "a", "Read", null, null, null, null);
        second.Chain(2, first.Hash!);
        var third = new AuditEntry(Now, "a", "Acknowledged", null, null, null, null);
        third.Chain(3, second.Hash!);

        Assert.True(AuditChain.Verify([first, second, third]).IsIntact);
        var reordered = AuditChain.Verify([first, third, second]);
        Assert.False(reordered.IsIntact);
        Assert.Equal(3, reordered.FirstBadSequence);
    }
}
