-- 0007: additions of ours (not in the seed): staff roles and ban history.
-- Grants come from the default privileges set in 0001.

-- Which accounts are staff. One role per account; the portal's permission
-- ladder (player < analyst < game_master < admin) is decided in the app.
CREATE TABLE game_data.staff_roles (
    player_id BIGINT PRIMARY KEY REFERENCES game_data.players(player_id) ON DELETE CASCADE,
    role VARCHAR(20) NOT NULL,
    -- SET NULL: deleting the granting admin's account must stay possible; who
    -- granted what remains in audit_log.
    granted_by BIGINT REFERENCES game_data.players(player_id) ON DELETE SET NULL,
    granted_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    CONSTRAINT valid_staff_role CHECK (role IN ('game_master', 'admin', 'analyst'))
);
CREATE INDEX idx_staff_roles_role ON game_data.staff_roles(role);

-- Ban history. players.is_banned / ban_reason / ban_expires_at (seed) stay the
-- current state that login checks; the app updates both in one transaction.
CREATE TABLE game_data.player_bans (
    ban_id BIGSERIAL PRIMARY KEY,
    player_id BIGINT NOT NULL REFERENCES game_data.players(player_id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,          -- NULL = permanent
    banned_by BIGINT REFERENCES game_data.players(player_id) ON DELETE SET NULL,
    banned_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    lifted_by BIGINT REFERENCES game_data.players(player_id) ON DELETE SET NULL,
    lifted_at TIMESTAMP WITH TIME ZONE,
    lift_reason TEXT,
    CONSTRAINT ban_reason_not_blank CHECK (length(btrim(reason)) > 0),
    CONSTRAINT ban_expiry_after_start CHECK (expires_at IS NULL OR expires_at > banned_at),
    -- lifted_by may be NULL (system lift or deleted staff account), but a lift
    -- reason or lifter without a lift time is inconsistent.
    CONSTRAINT ban_lift_consistent CHECK (lifted_at IS NOT NULL OR (lifted_by IS NULL AND lift_reason IS NULL))
);
CREATE INDEX idx_player_bans_player ON game_data.player_bans(player_id, banned_at DESC);

CREATE TRIGGER audit_staff_roles
AFTER INSERT OR UPDATE OR DELETE ON game_data.staff_roles
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_player_bans
AFTER INSERT OR UPDATE OR DELETE ON game_data.player_bans
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();
