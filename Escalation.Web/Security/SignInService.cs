using System.Security.Claims;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Web.Security;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>Password sign-in with lockout, and the session id that idle tracking keys on.</summary>
internal sealed class SignInService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IdleSessionTracker idle,
    ILogger<SignInService> logger)
{
    public async Task<SignInOutcome> SignInAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            logger.LogInformation("Sign-in failed for unknown account");
            return SignInOutcome.Failed;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {UserId} is locked out", user.Id);
            return SignInOutcome.LockedOut;
        }

        // A deactivated person is told the same as a wrong password: the sign-in page reveals nothing about accounts.
        if (!check.Succeeded || !user.IsActive)
        {
            logger.LogInformation("Sign-in failed for {UserId}", user.Id);
            return SignInOutcome.Failed;
        }

        var sessionId = Guid.NewGuid().ToString("N");
        idle.Touch(sessionId);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.SessionId, sessionId)]);
        logger.LogInformation("Signed in {UserId}", user.Id);
        return SignInOutcome.Succeeded;
    }
}
