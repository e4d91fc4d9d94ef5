using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Erhvervsdialog.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SmsRepliesAndHandlingTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SurveyResponses_SubmittedAt",
                table: "SurveyResponses");

            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_SentAt",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OccurredAt",
                table: "Contacts");

            migrationBuilder.AddColumn<bool>(
                name: "PartialBySms",
                table: "SurveyResponses",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Delivery",
                table: "Messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeliveryError",
                table: "Messages",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryReportedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CaseDecidedOn",
                table: "Contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CaseReceivedOn",
                table: "Contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IncomingSms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Transport = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SurveyInvitationId = table.Column<int>(type: "INTEGER", nullable: true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncomingSms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_SubmittedAt_UnitId_Topic_Satisfaction",
                table: "SurveyResponses",
                columns: new[] { "SubmittedAt", "UnitId", "Topic", "Satisfaction" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_SentAt_UnitId_ContactId_AnsweredAt",
                table: "SurveyInvitations",
                columns: new[] { "SentAt", "UnitId", "ContactId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CaseDecidedOn_CaseReceivedOn_UnitId_Topic",
                table: "Contacts",
                columns: new[] { "CaseDecidedOn", "CaseReceivedOn", "UnitId", "Topic" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OccurredAt_UnitId_Topic",
                table: "Contacts",
                columns: new[] { "OccurredAt", "UnitId", "Topic" });

            migrationBuilder.CreateIndex(
                name: "IX_IncomingSms_From",
                table: "IncomingSms",
                column: "From");

            migrationBuilder.CreateIndex(
                name: "IX_IncomingSms_ReceivedAt",
                table: "IncomingSms",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IncomingSms_Transport_ProviderId",
                table: "IncomingSms",
                columns: new[] { "Transport", "ProviderId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncomingSms");

            migrationBuilder.DropIndex(
                name: "IX_SurveyResponses_SubmittedAt_UnitId_Topic_Satisfaction",
                table: "SurveyResponses");

            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_SentAt_UnitId_ContactId_AnsweredAt",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_CaseDecidedOn_CaseReceivedOn_UnitId_Topic",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OccurredAt_UnitId_Topic",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "PartialBySms",
                table: "SurveyResponses");

            migrationBuilder.DropColumn(
                name: "Delivery",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "DeliveryError",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "DeliveryReportedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "CaseDecidedOn",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "CaseReceivedOn",
                table: "Contacts");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_SubmittedAt",
                table: "SurveyResponses",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_SentAt",
                table: "SurveyInvitations",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OccurredAt",
                table: "Contacts",
                column: "OccurredAt");
        }
    }
}
