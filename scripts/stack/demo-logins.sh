#!/usr/bin/env bash
# Prints the fixed demo logins created by `npm run db:seed`.
cat <<'TXT'

    Demo logins (password for all: bluemarble-demo)
      player        demo_player
      second player demo_friend
      game master   demo_gm
      admin         demo_admin
      analyst       demo_analyst

TXT
