using System.Text.RegularExpressions;
using Escalation.Infrastructure.Answering;

namespace Escalation.Tests.Answering;

/// <summary>
/// A person verifies their own number with a texted 6-digit code, over the API of the real app with a fake Twilio.
/// Each test is a different person so that their codes and rate limits are their own.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed partial class PhoneVerificationTests(AnsweringAppFixture fixture) : IClassFixture<AnsweringAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly AnsweringApp _app = fixture.App;

    [Fact]
    public async Task RightCode_VerifiesTheNumber_AndTheTextHoldsTheCodeAndNothingElse()
    {
        using var me = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");

        var requested = await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+1 (555) 555-0111" });
        var code = await CodeSentToAsync("+15555550111");
        var confirmed = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var text = _app.Twilio.Messages.Last(m => m.To == "+15555550111");
        Assert.Equal(PhoneVerifier.SmsText(code), text.Body);
        Assert.Matches(@"^Your Escalation verification code is \d{6}\. It expires in 15 minutes\.$", text.Body);
        Assert.Equal(_app.Twilio.PhoneNumber, text.From);
        var user = await _app.UserAsync("nurse@demo.local");
        Assert.Equal(("+15555550111", true), (user.PhoneNumber, user.PhoneNumberConfirmed));
        await using var db = _app.Database.NewContext();
        var row = await db.Set<PhoneVerification>().AsNoTracking().SingleAsync(v => v.UserId == user.Id);
        Assert.Null(row.CodeHash);
        var audit = await _app.AuditAsync(e => e.Actor == user.Id && e.Kind.StartsWith("Phone", StringComparison.Ordinal));
        Assert.Equal(["PhoneNumberChanged", "PhoneVerificationRequested", "PhoneVerified"], audit.Select(a => a.Kind));
        Assert.DoesNotContain(audit, a => a.Detail!.Contains(code, StringComparison.Ordinal) || a.Detail.Contains("5550111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongCode_IsRefused_WithTheTriesLeft_AndTheCodeIsStoredOnlyHashed()
    {
        using var me = await HttpClients.SignedInAsync(_app.App, "charge@demo.local");
        await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550112" });
        var code = await CodeSentToAsync("+15555550112");

        var wrong = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code = Wrong(code) });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("wrong-code", "That code is not right: 4 tries left."), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        var user = await _app.UserAsync("charge@demo.local");
        Assert.False(user.PhoneNumberConfirmed);
        await using var db = _app.Database.NewContext();
        var row = await db.Set<PhoneVerification>().AsNoTracking().SingleAsync(v => v.UserId == user.Id);
        Assert.DoesNotContain(code, row.CodeHash!, StringComparison.Ordinal);
        Assert.Equal(1, row.Tries);
    }

    [Fact]
    public async Task Code_WorksUntil14m59s_AndHasExpiredAt15m00s()
    {
        using var me = await HttpClients.SignedInAsync(_app.App, "head@demo.local");
        await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550113" });
        var code = await CodeSentToAsync("+15555550113");

        // The person keeps working meanwhile, so the idle sign-out does not end the session first.
        _app.App.Clock.Advance(TimeSpan.FromMinutes(10));
        await me.PostAsync("/api/session/activity", null);
        _app.App.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        var stillLive = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code = Wrong(code) });
        _app.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code });

        Assert.Equal("wrong-code", (await stillLive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal("expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False((await _app.UserAsync("head@demo.local")).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task FiveWrongTries_EndTheCode_EvenForTheRightOneAfter()
    {
        using var me = await HttpClients.SignedInAsync(_app.App, "admin@demo.local");
        await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550114" });
        var code = await CodeSentToAsync("+15555550114");

        var statuses = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            var reply = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code = Wrong(code) });
            statuses.Add((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var right = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code });

        Assert.Equal(["wrong-code", "wrong-code", "wrong-code", "wrong-code", "too-many-tries"], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.False((await _app.UserAsync("admin@demo.local")).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task ANewRequest_ReplacesTheCode_AndTooManyRequestsAreRateLimited()
    {
        using var me = await HttpClients.SignedInAsync(_app.App, "compliance@demo.local");
        await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550115" });
        var first = await CodeSentToAsync("+15555550115");
        var tooSoon = await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550115" });
        _app.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550115" });
        var second = await CodeSentToAsync("+15555550115");
        Assert.Equal(2, _app.Twilio.Messages.Count(m => m.To == "+15555550115"));

        var old = first == second ? null : await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code = first });
        var current = await me.PostAsJsonAsync("/api/me/phone/verification/confirm", new { code = second });

        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal("rate-limited", (await tooSoon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(old is null || old.StatusCode == HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task ChangingTheNumber_UnverifiesIt()
    {
        // Dr. Okafor's demo number is verified.
        Assert.True((await _app.UserAsync("doctor@demo.local")).PhoneNumberConfirmed);
        using var me = await HttpClients.SignedInAsync(_app.App, "doctor@demo.local");

        var same = await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550103" });
        var changed = await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "+15555550116" });
        var invalid = await me.PostAsJsonAsync("/api/me/phone/verification", new { phoneNumber = "555 0116" });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Accepted, HttpStatusCode.BadRequest), (same.StatusCode, changed.StatusCode, invalid.StatusCode));
        var doctor = await _app.UserAsync("doctor@demo.local");
        Assert.Equal(("+15555550116", false), (doctor.PhoneNumber, doctor.PhoneNumberConfirmed));
        var status = await me.GetFromJsonAsync<JsonElement>("/api/me/phone");
        Assert.Equal((false, 5), (status.GetProperty("verified").GetBoolean(), status.GetProperty("triesLeft").GetInt32()));
    }

    private async Task<string> CodeSentToAsync(string number)
    {
        var text = await _app.Twilio.WaitForMessageAsync(number, Wait);
        await _app.Twilio.DeliverSmsAsync(text.Sid);
        return Code().Match(text.Body).Value;
    }

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex Code();
}
