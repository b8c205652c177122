using Escalation.Domain.Common;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;

namespace Escalation.Infrastructure.Answering;

/// <summary>
/// A person verifies their own phone number: we text a 6-digit code, and entering it marks the number verified
/// (<c>PhoneNumberConfirmed</c>), which is what lets Layer 4 and masked callbacks ring it. Typing a different
/// number changes it and un-verifies it at once. Every step is audited; the code itself never is.
/// </summary>
public sealed class PhoneVerifier(
    IDbContextFactory<EscalationDbContext> contexts,
    TwilioGateway twilio,
    IOptions<TwilioOptions> options,
    TimeProvider clock,
    ILogger<PhoneVerifier> logger)
{
    /// <summary>The whole text: the code and its life, nothing about the person, the practice's patients or the app's address.</summary>
    public static string SmsText(string code) => $"Your Escalation verification code is {code}. It expires in 15 minutes.";

    public async Task<PhoneStatus> StatusAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.PhoneNumber, u.PhoneNumberConfirmed }).SingleAsync(cancellationToken);
        var pending = await db.Set<PhoneVerification>().AsNoTracking().SingleOrDefaultAsync(v => v.UserId == userId, cancellationToken);
        var now = clock.GetUtcNow();
        var live = pending is { CodeHash: not null } && pending.PhoneNumber == user.PhoneNumber && !pending.IsExpired(now) && pending.TriesLeft > 0;
        return new PhoneStatus(user.PhoneNumber, user.PhoneNumberConfirmed && user.PhoneNumber is not null, live ? pending!.ExpiresAt : null, live ? pending!.TriesLeft : 0);
    }

    /// <summary>Sets the person's number (un-verified if it changed) and texts a new code to it.</summary>
    public async Task<Result> RequestAsync(string userId, string? typedNumber, CancellationToken cancellationToken = default)
    {
        var number = PhoneNumbers.Normalize(typedNumber);
        if (number is null)
        {
            return Result.Fail("invalid-number", "Enter the number with its country code, e.g. +1 555 555 0100.");
        }

        var settings = options.Value;
        if (settings.AccountSid.Length == 0 || settings.AuthToken.Length == 0 || settings.FromNumber.Length == 0)
        {
            return Result.Fail("telephony-not-configured", "Texts are not set up on this installation (Twilio settings are missing).");
        }

        var code = PhoneVerification.NewCode();
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
            var row = await db.Set<PhoneVerification>().SingleOrDefaultAsync(v => v.UserId == userId, cancellationToken);
            if (row?.RateLimit(now) is { } limit)
            {
                AuditWriter.Append(db, [new AuditRecord(now, userId, "PhoneVerificationRefused", Detail: $"Rate limited, to {PhoneNumbers.Mask(number)}")]);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return Result.Fail("rate-limited", limit);
            }

            if (user.PhoneNumber == number && user.PhoneNumberConfirmed)
            {
                return Result.Fail("already-verified", "This number is already verified.");
            }

            List<AuditRecord> audit = [];
            if (user.PhoneNumber != number)
            {
                audit.Add(new AuditRecord(now, userId, "PhoneNumberChanged",
                    Detail: $"{PhoneNumbers.Mask(user.PhoneNumber)} -> {PhoneNumbers.Mask(number)}, not verified{(user.PhoneNumberConfirmed ? " (was verified)" : "")}"));
                user.PhoneNumber = number;
                user.PhoneNumberConfirmed = false;
            }

            if (row is null)
            {
                row = new PhoneVerification(userId);
                db.Add(row);
            }

            row.Issue(number, code, now);
            audit.Add(new AuditRecord(now, userId, "PhoneVerificationRequested", Channel: "Sms", Detail: $"Code sent to {PhoneNumbers.Mask(number)}, expires {row.ExpiresAt:O}"));
            AuditWriter.Append(db, audit);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        string? failure = null;
        string? failureCode = null;
        try
        {
            await twilio.SendSmsAsync(number, SmsText(code), statusCallback: null, cancellationToken);
        }
        catch (TwilioUnavailableException exception)
        {
            (failureCode, failure) = ("twilio-unavailable", $"The text could not be sent: the phone service is unavailable. Try again shortly. ({exception.Message})");
        }
        catch (ApiException exception)
        {
            (failureCode, failure) = ("twilio-refused", $"The phone service refused to text this number ({exception.Status}{(exception.Code != 0 ? $", error {exception.Code}" : "")}).");
        }

        if (failure is not null)
        {
            logger.LogWarning("Verification text to {To} for {UserId} not sent: {Code}", PhoneNumbers.Mask(number), userId, failureCode);
            await AuditWriter.RecordAsync(contexts, new AuditRecord(clock.GetUtcNow(), userId, "PhoneVerificationSmsFailed", Channel: "Sms", Detail: $"To {PhoneNumbers.Mask(number)}: {failureCode}"), CancellationToken.None);
            return Result.Fail(failureCode!, failure);
        }

        return Result.Ok;
    }

    /// <summary>Checks a code the person typed; the right one, in time and within the tries, verifies the number.</summary>
    public async Task<Result> ConfirmAsync(string userId, string? typedCode, CancellationToken cancellationToken = default)
    {
        var code = typedCode?.Trim() ?? string.Empty;
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return Result.Fail("invalid-code", "Enter the 6 digits of the code we texted you.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        // The try is counted before the code is compared, in one statement: two guesses sent at once cannot both
        // slip under the limit.
        var counted = await db.Set<PhoneVerification>()
            .Where(v => v.UserId == userId && v.CodeHash != null && v.Tries < PhoneVerification.MaxTries)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Tries, v => v.Tries + 1), cancellationToken);
        var row = await db.Set<PhoneVerification>().SingleOrDefaultAsync(v => v.UserId == userId, cancellationToken);
        if (counted == 0 || row is null)
        {
            var refusal = row is { CodeHash: not null }
                ? Result.Fail("too-many-tries", $"{PhoneVerification.MaxTries} wrong codes: ask for a new one.")
                : Result.Fail("no-code", "Ask for a code first.");
            return await RefuseAsync(db, transaction, userId, refusal, now, cancellationToken);
        }

        if (row.IsExpired(now))
        {
            return await RefuseAsync(db, transaction, userId, Result.Fail("expired", "That code has expired (codes last 15 minutes): ask for a new one."), now, cancellationToken);
        }

        if (!row.Matches(code))
        {
            var left = row.TriesLeft;
            return await RefuseAsync(db, transaction, userId,
                Result.Fail(left == 0 ? "too-many-tries" : "wrong-code", left == 0 ? "That code is not right, and that was the last try: ask for a new one." : $"That code is not right: {left} {(left == 1 ? "try" : "tries")} left."),
                now, cancellationToken);
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (user.PhoneNumber != row.PhoneNumber)
        {
            return await RefuseAsync(db, transaction, userId, Result.Fail("number-changed", "Your number changed after this code was sent: ask for a new one."), now, cancellationToken);
        }

        row.Consume();
        user.PhoneNumberConfirmed = true;
        AuditWriter.Append(db, [new AuditRecord(now, userId, "PhoneVerified", Channel: "Sms", Detail: $"{PhoneNumbers.Mask(user.PhoneNumber)} verified by texted code")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    /// <summary>A refused try is audited, and its counted try kept: committing is what makes the limit hold.</summary>
    private static async Task<Result> RefuseAsync(EscalationDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, string userId, Result refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        AuditWriter.Append(db, [new AuditRecord(now, userId, "PhoneVerificationFailed", Channel: "Sms", Detail: refusal.Code)]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return refusal;
    }
}
