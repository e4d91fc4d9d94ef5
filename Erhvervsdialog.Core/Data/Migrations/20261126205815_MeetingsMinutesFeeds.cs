using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Erhvervsdialog.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class MeetingsMinutesFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Attachment",
                table: "Messages",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentName",
                table: "Messages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentType",
                table: "Messages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MeetingId",
                table: "Messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MeetingId",
                table: "FollowUps",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OverdueEscalatedAt",
                table: "FollowUps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Decisions",
                table: "DialogueMeetings",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldAt",
                table: "DialogueMeetings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MinutesSentAt",
                table: "DialogueMeetings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "DialogueMeetings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "DialogueMeetings",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedHash",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FollowUpComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FollowUpId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpComments_FollowUps_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "FollowUps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_CompanyId_SubmittedAt",
                table: "SurveyResponses",
                columns: new[] { "CompanyId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_MeetingId",
                table: "Messages",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_MeetingId",
                table: "FollowUps",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CalendarFeedHash",
                table: "AspNetUsers",
                column: "CalendarFeedHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpComments_FollowUpId",
                table: "FollowUpComments",
                column: "FollowUpId");

            migrationBuilder.AddForeignKey(
                name: "FK_FollowUps_DialogueMeetings_MeetingId",
                table: "FollowUps",
                column: "MeetingId",
                principalTable: "DialogueMeetings",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Messages_DialogueMeetings_MeetingId",
                table: "Messages",
                column: "MeetingId",
                principalTable: "DialogueMeetings",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FollowUps_DialogueMeetings_MeetingId",
                table: "FollowUps");

            migrationBuilder.DropForeignKey(
                name: "FK_Messages_DialogueMeetings_MeetingId",
                table: "Messages");

            migrationBuilder.DropTable(
                name: "FollowUpComments");

            migrationBuilder.DropIndex(
                name: "IX_SurveyResponses_CompanyId_SubmittedAt",
                table: "SurveyResponses");

            migrationBuilder.DropIndex(
                name: "IX_Messages_MeetingId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_FollowUps_MeetingId",
                table: "FollowUps");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_CalendarFeedHash",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Attachment",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "AttachmentName",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "AttachmentType",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "MeetingId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "MeetingId",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "OverdueEscalatedAt",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "Decisions",
                table: "DialogueMeetings");

            migrationBuilder.DropColumn(
                name: "HeldAt",
                table: "DialogueMeetings");

            migrationBuilder.DropColumn(
                name: "MinutesSentAt",
                table: "DialogueMeetings");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "DialogueMeetings");

            migrationBuilder.DropColumn(
                name: "Summary",
                table: "DialogueMeetings");

            migrationBuilder.DropColumn(
                name: "CalendarFeedHash",
                table: "AspNetUsers");
        }
    }
}
