using Escalation.Infrastructure.Organisation;
using Escalation.Web.Components.Pages.Admin;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Unit")]
public sealed class UserFormTests
{
    private static readonly UnitDto Ed = new(Guid.NewGuid(), "ED", "Emergency", "America/New_York", []);

    private static readonly PersonDto Admin = new("admin-1", "admin@demo.local", "Ada Admin", null, [PersonaRole.Administrator], "ED", "Emergency", true, false);

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("robin.ellis")]
    public void ANewPerson_NeedsTheAddressTheySignInWith(string? email)
    {
        var form = new UserForm { Email = email, DisplayName = "Robin Ellis" };

        Assert.Equal("Give an e-mail address: it is how they sign in.", form.Refusal("admin-1"));
    }

    [Fact]
    public void ANewPersonWithAnAddress_MayBeAdded() =>
        Assert.Null(new UserForm { Email = "robin@demo.local", DisplayName = "Robin Ellis" }.Refusal("admin-1"));

    [Fact]
    public void AnAdministrator_CannotDeactivateThemselves()
    {
        var form = UserForm.ForPerson(Admin, null, [Ed]);
        form.IsActive = false;

        Assert.Equal("You cannot deactivate yourself or give up your own administrator role.", form.Refusal("admin-1"));
    }

    [Fact]
    public void AnAdministrator_CannotGiveUpTheirOwnAdministratorRole_ButMayChangeAnothers()
    {
        var form = UserForm.ForPerson(Admin, null, [Ed]);
        form.PersonaRole = PersonaRole.ChargeNurse;

        Assert.NotNull(form.Refusal("admin-1"));
        Assert.Null(form.Refusal("admin-2"));
    }

    [Fact]
    public void EditingAPerson_StartsFromTheirSettings_WithTheirHomeUnitAndPhone()
    {
        var detail = Admin with { Phone = "+15555550123", PhoneVerified = true };

        var form = UserForm.ForPerson(Admin, detail, [Ed]);

        Assert.False(form.IsNew);
        Assert.Equal((Ed.Id, "+15555550123", true, PersonaRole.Administrator), (form.HomeUnitId!.Value, form.Phone!, form.PhoneVerified, form.PersonaRole));
    }

    [Fact]
    public void SavingADeactivation_SaysWhatFollows()
    {
        var form = UserForm.ForPerson(Admin with { Id = "nurse-1", DisplayName = "Robin Ellis" }, null, [Ed]);
        form.IsActive = false;

        Assert.Equal("Robin Ellis saved: deactivated, signed out, and no longer paged.", form.SavedText());
    }
}
