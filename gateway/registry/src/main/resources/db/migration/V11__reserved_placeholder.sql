-- Placeholder on branch admin-plane only: V11 belongs to another branch. Migrations must number without
-- gaps, so this keeps V12 applicable here; the merge replaces this file with that branch's V11.
SELECT 1;
