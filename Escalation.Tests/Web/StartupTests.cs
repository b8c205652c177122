using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Tests.Web;

[Trait("Category", "Sqlite")]
public sealed class StartupTests
{
    [Fact]
    public async Task Production_RefusesToStart_WhileADemoPasswordStillWorks()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (new AppHost(database.Options, "Development").Start())
        {
        }

        await using var production = new AppHost(database.Options, "Production", TestCertificate.Settings());
        var error = Assert.ThrowsAny<Exception>(() => production.Start());

        Assert.Contains("admin@demo.local", Flatten(error));
        Assert.Contains("Refusing to start in Production", Flatten(error));
    }

    [Fact]
    public async Task Production_SeedsNoDemoData_ButCreatesThePersonaRoles()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new AppHost(database.Options, "Production", TestCertificate.Settings()).Start();

        await using var db = database.NewContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Units.CountAsync());
        Assert.Equal(PersonaRole.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task DemoSeed_RunTwice_ChangesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (new AppHost(database.Options, "Development").Start())
        {
        }

        var first = await CountsAsync(database);
        await using (var app = new AppHost(database.Options, "Development").Start())
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        }

        Assert.Equal((1, 3, 15, DemoData.Users.Count, DemoData.Users.Count), first);
        Assert.Equal(first, await CountsAsync(database));
    }

    [Fact]
    public async Task DemoPasswordGuard_StopsReporting_OnceThePasswordIsChanged()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new AppHost(database.Options, "Development").Start();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var guard = scope.ServiceProvider.GetRequiredService<DemoPasswordGuard>();
        Assert.Equal(DemoData.Users.Count, (await guard.FindAccountsWithDemoPasswordAsync()).Count);

        foreach (var demo in DemoData.Users)
        {
            var user = (await users.FindByEmailAsync(demo.Email))!;
            Assert.True((await users.ChangePasswordAsync(user, DemoData.Password, "Changed!Pass42")).Succeeded);
        }

        Assert.Empty(await guard.FindAccountsWithDemoPasswordAsync());
    }

    [Fact]
    public async Task Production_RefusesToStart_WhileTheDevelopmentIntegrationKeyIsActive()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var development = new AppHost(database.Options, "Development").Start())
        {
            using var scope = development.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var demo in DemoData.Users)
            {
                var user = (await users.FindByEmailAsync(demo.Email))!;
                Assert.True((await users.ChangePasswordAsync(user, DemoData.Password, "Changed!Pass42")).Succeeded);
            }
        }

        await using var production = new AppHost(database.Options, "Production", TestCertificate.Settings());
        var error = Assert.ThrowsAny<Exception>(() => production.Start());

        Assert.Contains(DemoData.IntegrationKey, Flatten(error));
        Assert.DoesNotContain("admin@demo.local", Flatten(error));
    }

    [Fact]
    public async Task Production_RefusesToStart_WithoutACertificateForTheKeyRing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var production = new AppHost(database.Options, "Production");

        var error = Assert.ThrowsAny<Exception>(() => production.Start());

        Assert.Contains("Refusing to start in Production", Flatten(error));
        Assert.Contains("DataProtection:CertificatePath", Flatten(error));
    }

    [Fact]
    public async Task Production_RefusesToStart_WhenTheKeyRingCertificateDoesNotOpen()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var production = new AppHost(database.Options, "Production", new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = TestCertificate.Path,
            ["DataProtection:CertificatePassword"] = "not the password",
        });

        var error = Assert.ThrowsAny<Exception>(() => production.Start());

        Assert.Contains("DataProtection:CertificatePassword", Flatten(error));
    }

    [Theory]
    [InlineData("Engine:RepageInterval", "00:00:05")]
    [InlineData("Engine:AuditorBatchSize", "0")]
    [InlineData("Engine:AuditorInterval", "00:00:00")]
    public async Task InvalidEngineSettings_StopStartUpWithAClearMessage(string key, string value)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new AppHost(database.Options, "Development", new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Start());

        Assert.Contains("Engine:", Flatten(error));
    }

    private static async Task<(int Organisations, int Units, int Roles, int Users, int UserRoles)> CountsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return (await db.Organisation.CountAsync(), await db.Units.CountAsync(), await db.ClinicalRoles.CountAsync(),
            await db.Users.CountAsync(), await db.UserRoles.CountAsync());
    }

    private static string Flatten(Exception error) => error.InnerException is null ? error.Message : error.Message + " | " + Flatten(error.InnerException);
}
