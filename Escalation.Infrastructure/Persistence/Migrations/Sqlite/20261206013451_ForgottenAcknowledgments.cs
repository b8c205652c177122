using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Escalation.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ForgottenAcknowledgments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AckBoardMinutes",
                table: "TierPolicies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AckReminderMinutes",
                table: "TierPolicies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AckFlaggedAt",
                table: "Messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AckRemindedAt",
                table: "Messages",
                type: "INTEGER",
                nullable: true);

            // The tiers this database already holds get the default windows (AckWindows.DefaultFor); Routine has none.
            migrationBuilder.UpdateData("TierPolicies", "Tier", "Critical", new[] { "AckReminderMinutes", "AckBoardMinutes" }, new object[] { 30, 60 });
            migrationBuilder.UpdateData("TierPolicies", "Tier", "Urgent", new[] { "AckReminderMinutes", "AckBoardMinutes" }, new object[] { 120, 240 });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_State_AcknowledgedAt",
                table: "Messages",
                columns: new[] { "State", "AcknowledgedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_State_AcknowledgedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "AckBoardMinutes",
                table: "TierPolicies");

            migrationBuilder.DropColumn(
                name: "AckReminderMinutes",
                table: "TierPolicies");

            migrationBuilder.DropColumn(
                name: "AckFlaggedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "AckRemindedAt",
                table: "Messages");
        }
    }
}
