using Escalation.Infrastructure;
using Escalation.Infrastructure.Persistence;
using Escalation.Web;
using Escalation.Web.Commands;

if (ToolCommands.TryRun(args, out var exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebServices();
builder.AddInfrastructure();

var app = builder.Build();
await app.Services.PrepareDatabaseAsync(app.Environment);
app.UseWebPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' host.</summary>
public partial class Program;
