using Escalation.Infrastructure;
using Escalation.Infrastructure.Persistence;
using Escalation.Web;
using Escalation.Web.Commands;

if (ToolCommands.TryRun(args, out var exitCode))
{
    return exitCode;
}

var verifyAudit = args is ["verify-audit", ..];
var builder = WebApplication.CreateBuilder(verifyAudit ? args[1..] : args);
builder.AddWebServices();
builder.AddInfrastructure();
if (verifyAudit)
{
    // The command speaks for itself; the framework's logs would bury its one line.
    builder.Logging.ClearProviders();
}

var app = builder.Build();
if (verifyAudit)
{
    // Uses the app's own configuration to find the database, and starts nothing.
    return await VerifyAuditCommand.RunAsync(app.Services, Console.Out);
}

try
{
    await app.Services.PrepareDatabaseAsync(app.Environment);
}
catch (DatabaseUnreachableException unreachable)
{
    // One line an operator can act on (which server), not a stack trace; a non-zero exit for the service manager.
    await Console.Error.WriteLineAsync(unreachable.Message);
    return 1;
}

app.UseWebPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' host.</summary>
public partial class Program;
