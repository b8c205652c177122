using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>dotnet-ef only: found by the tool in this assembly, never loaded by the app.</summary>
public sealed class DesignTimeServices : IDesignTimeServices
{
    public void ConfigureDesignTimeServices(IServiceCollection services) =>
        services.AddSingleton<IMigrationsScaffolder, ProviderFolderScaffolder>();

    /// <summary>
    /// Every provider's snapshot is called <c>EscalationDbContextModelSnapshot.cs</c>; EF would overwrite the first
    /// such file it finds in the project. Each set's files, snapshot included, stay in the set's own folder.
    /// </summary>
    private sealed class ProviderFolderScaffolder(MigrationsScaffolderDependencies dependencies) : MigrationsScaffolder(dependencies)
    {
        protected override string GetDirectory(string projectDir, string? siblingFileName, string subnamespace) =>
            Path.Combine(projectDir, Path.Combine(subnamespace.Split('.', StringSplitOptions.RemoveEmptyEntries)));
    }
}
