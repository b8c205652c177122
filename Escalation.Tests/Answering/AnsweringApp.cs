using Escalation.Infrastructure.Identity;
using Escalation.Web.DemoTelephony;

namespace Escalation.Tests.Answering;

/// <summary>The demo app on SQLite with Twilio pointed at a fake Twilio on 127.0.0.1, which calls the app's webhooks back.</summary>
public sealed class AnsweringApp : IAsyncDisposable
{
    private AnsweringApp(TestDatabase database, FakeTwilioServer twilio, AppHost app)
    {
        Database = database;
        Twilio = twilio;
        App = app;
    }

    public TestDatabase Database { get; }

    public FakeTwilioServer Twilio { get; }

    public AppHost App { get; }

    public static async Task<AnsweringApp> StartAsync(TestClock? clock = null)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var twilio = await FakeTwilioServer.StartAsync();
        var app = new AppHost(database.Options, clock: clock, settings: FakeTwilioSettings.For(twilio, new()
        {
            // An outage is learnt in one quick retry rather than the production back-off.
            ["Twilio:RetryCount"] = "1",
            ["Twilio:RetryBaseDelay"] = "00:00:00.050",
            ["Twilio:RetryJitter"] = "false",
        }));
        app.With("Twilio:PublicBaseUrl", app.BaseUrl + "/").Start();
        return new AnsweringApp(database, twilio, app);
    }

    public async Task<ApplicationUser> UserAsync(string email)
    {
        await using var db = Database.NewContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    public async Task SetPhoneAsync(string email, string? phone, bool verified)
    {
        await using var db = Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.PhoneNumber = phone;
        user.PhoneNumberConfirmed = verified;
        await db.SaveChangesAsync();
    }

    public async Task<List<(string Kind, string? Detail)>> AuditAsync(Func<Escalation.Domain.Audit.AuditEntry, bool> where)
    {
        await using var db = Database.NewContext();
        return (await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync()).Where(where).Select(e => (e.Kind, e.Detail)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>One <see cref="AnsweringApp"/> shared by the tests of a class.</summary>
public sealed class AnsweringAppFixture : IAsyncLifetime
{
    public AnsweringApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AnsweringApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
