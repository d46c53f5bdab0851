-- CreateIndex
CREATE INDEX "problem_trend_day_lea_day_idx" ON "problem_trend_day"("lea", "day");
