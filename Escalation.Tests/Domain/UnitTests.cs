using Escalation.Domain.Common;

namespace Escalation.Tests.Domain;

[Trait("Category", "Unit")]
public sealed class UnitTests
{
    [Fact]
    public void NewUnit_NormalisesItsCode_AndKeepsItsZone()
    {
        var unit = new Unit("  ed ", " Emergency ", "America/New_York");

        Assert.Equal("ED", unit.Code);
        Assert.Equal("Emergency", unit.Name);
        Assert.Equal("America/New_York", unit.TimeZoneId);
        Assert.NotEqual(Guid.Empty, unit.Id.Value);
    }

    [Theory]
    [InlineData("", "Emergency", "UTC")]
    [InlineData("ED", " ", "UTC")]
    [InlineData("ED", "Emergency", "Mars/Olympus_Mons")]
    public void NewUnit_Throws_WhenInputIsInvalid(string code, string name, string zone)
    {
        Assert.Throws<DomainException>(() => new Unit(code, name, zone));
    }

    [Fact]
    public void StandardRoles_FollowTheLadderOrder()
    {
        var unit = new Unit("MED", "Medical Ward", "UTC");

        unit.AddStandardRoles();

        Assert.Equal(
            [ClinicalRoleKind.PrimaryNurse, ClinicalRoleKind.ChargeNurse, ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician, ClinicalRoleKind.DepartmentHead],
            unit.Roles.Select(r => r.Kind));
        Assert.All(unit.Roles, r => Assert.Equal(unit.Id, r.UnitId));
    }

    [Fact]
    public void AddRole_Throws_WhenTheUnitAlreadyHasARoleOfThatName()
    {
        var unit = new Unit("MED", "Medical Ward", "UTC");
        unit.AddRole(ClinicalRoleKind.Other, "Rapid response nurse");

        var error = Assert.Throws<DomainException>(() => unit.AddRole(ClinicalRoleKind.Other, "rapid RESPONSE nurse"));

        Assert.Contains("already has a role", error.Message);
        Assert.Single(unit.Roles);
    }

    [Fact]
    public void OrganisationProfile_RequiresANameAndAKnownZone()
    {
        Assert.Throws<DomainException>(() => new OrganisationProfile(" ", "UTC"));
        Assert.Throws<DomainException>(() => new OrganisationProfile("Riverside", "Nowhere/Else"));
        var profile = new OrganisationProfile(" Riverside ", "Europe/London");
        Assert.Equal("Riverside", profile.Name);
        Assert.Equal(OrganisationProfile.SingletonId, profile.Id);
    }
}
