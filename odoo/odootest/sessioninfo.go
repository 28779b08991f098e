package odootest

// sessionInfo is /web/session/authenticate's and get_session_info's
// result, key for key as each version answers it (odoo16/38, odoo17/38,
// odoo18/38, odoo19/68: 17 adds is_internal_user and user_settings and
// drops company_id; 18 adds is_public, partner_write_date, storeData,
// view_info, tour_enabled, current_tour, test_mode,
// websocket_worker_version and drops user_id, web_tours, tour_disable,
// notification_type, odoobot_initialized; 19 adds registry_hash, groups,
// quick_login, currency names and drops cache_hashes and
// display_switch_company_menu). Values are ours; hashes and tokens are
// made-up constants.
func (s *Server) sessionInfo(uid int64, db string) map[string]any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.st.reader(rootCtx)
	um := s.st.models["res.users"]
	u := um.records[uid]
	name, login, tz, lang := "", "", "Europe/Brussels", "en_US"
	var pid, company int64 = 0, 1
	partnerName := ""
	if u != nil {
		name, _ = u.vals["name"].(string)
		login, _ = u.vals["login"].(string)
		if v, ok := u.vals["tz"].(string); ok && v != "" {
			tz = v
		}
		if v, ok := u.vals["lang"].(string); ok && v != "" {
			lang = v
		}
		pid = asID(u.vals["partner_id"])
		if c := asID(u.vals["company_id"]); c != 0 {
			company = c
		}
		if p := s.st.get("res.partner", pid); p != nil {
			partnerName = r.displayName(s.st.models["res.partner"], p)
		}
	}
	companyName := ""
	if c := s.st.get("res.company", company); c != nil {
		companyName, _ = c.vals["name"].(string)
	}
	vi := s.versionInfo()
	admin := uid == 2
	currency := map[string]any{"symbol": "€", "position": "after", "digits": []any{int64(69), int64(2)}}
	company1 := map[string]any{"id": int64(1), "name": companyName, "sequence": int64(0)}
	userCompanies := map[string]any{"current_company": company, "allowed_companies": map[string]any{"1": company1}}
	info := map[string]any{
		"uid": uid, "is_system": admin, "is_admin": admin,
		"user_context": map[string]any{"lang": lang, "tz": tz, "uid": uid},
		"db":           db, "server_version": vi["server_version"], "server_version_info": vi["server_version_info"],
		"support_url": "https://www.odoo.com/buy", "name": name, "username": login,
		"partner_display_name": partnerName, "company_id": company, "partner_id": pid,
		"web.base.url": "http://127.0.0.1:8069", "active_ids_limit": int64(20000),
		"profile_session": nil, "profile_collectors": nil, "profile_params": nil,
		"max_file_upload_size": int64(134217728), "home_action_id": false,
		"cache_hashes":  map[string]any{"translations": "f52df21feed559025ff2f025cf5b39fe071e1960", "load_menus": "8a3d06d125a37983711d182933e4651106b8c3c6a8657d0e660acbcb03dbf45d"},
		"currencies":    map[string]any{"1": currency},
		"bundle_params": map[string]any{"lang": lang}, "user_companies": userCompanies,
		"show_effect": true, "display_switch_company_menu": false, "user_id": []any{uid},
		"web_tours": []any{}, "tour_disable": true, "notification_type": "email",
		"odoobot_initialized": true, "iap_company_enrich": true,
	}
	v := s.prof.major
	if v >= 17 {
		delete(info, "company_id")
		info["is_internal_user"] = true
		settings := map[string]any{"id": int64(1), "user_id": map[string]any{"id": uid},
			"is_discuss_sidebar_category_channel_open": true, "is_discuss_sidebar_category_chat_open": true,
			"push_to_talk_key": false, "use_push_to_talk": false, "voice_active_duration": int64(200)}
		if v == 17 {
			settings["volume_settings_ids"] = []any{[]any{"ADD", []any{}}}
		} else {
			settings["channel_notifications"] = false
			settings["volumes"] = []any{[]any{"ADD", []any{}}}
			if v == 18 {
				settings["mute_until_dt"] = false
			} else {
				settings["embedded_actions_config_ids"] = map[string]any{}
			}
		}
		info["user_settings"] = settings
		company1["child_ids"], company1["parent_id"] = []any{}, false
		userCompanies["disallowed_ancestor_companies"] = map[string]any{}
	}
	if v >= 18 {
		for _, k := range []string{"user_id", "web_tours", "tour_disable", "notification_type", "odoobot_initialized"} {
			delete(info, k)
		}
		info["is_public"] = false
		info["partner_write_date"] = s.cfg.clock().UTC().Format(datetimeFormat)
		info["test_mode"] = false
		info["tour_enabled"] = false
		info["current_tour"] = nil
		info["websocket_worker_version"] = s.prof.series() + "-2"
		views := map[string]any{}
		for _, vw := range [][2]string{{"list", "List"}, {"form", "Form"}, {"graph", "Graph"}, {"pivot", "Pivot"}, {"calendar", "Calendar"}, {"kanban", "Kanban"}, {"search", "Search"}, {"activity", "Activity"}} {
			views[vw[0]] = map[string]any{"display_name": vw[1], "icon": "oi oi-view-" + vw[0], "multi_record": vw[0] != "form"}
		}
		info["view_info"] = views
		store := map[string]any{"action_discuss_id": int64(109), "channel_types_with_seen_infos": []any{"chat", "group"},
			"hasGifPickerFeature": false, "hasLinkPreviewFeature": true, "hasMessageTranslationFeature": false,
			"internalUserGroupId": int64(1), "settings": info["user_settings"]}
		partner := map[string]any{"active": true, "avatar_128_access_token": "0000", "id": pid, "name": name, "write_date": info["partner_write_date"]}
		bot := map[string]any{"active": false, "avatar_128_access_token": "0000", "email": "odoobot@example.com", "id": int64(2), "im_status": "bot", "is_company": false, "name": "OdooBot", "write_date": info["partner_write_date"]}
		data := map[string]any{"Store": store, "res.partner": []any{bot, partner}}
		if v == 18 {
			store["mt_comment_id"] = int64(1)
			store["odoobot"] = map[string]any{"id": int64(2), "type": "partner"}
			store["self"] = map[string]any{"id": pid, "type": "partner"}
			bot["isInternalUser"], bot["userId"] = true, int64(1)
			partner["isAdmin"], partner["isInternalUser"], partner["userId"] = admin, true, uid
			partner["notification_preference"], partner["signature"] = "email", "<span>-- <br>"+name+"</span>"
		} else {
			store["hasCannedResponses"] = true
			store["mt_comment"], store["mt_note"] = int64(1), int64(2)
			store["odoobot"], store["self_partner"] = int64(2), pid
			bot["im_status_access_token"], bot["main_user_id"] = "0000", int64(1)
			partner["im_status"], partner["im_status_access_token"], partner["main_user_id"] = "offline", "0000", uid
			data["res.users"] = []any{map[string]any{"id": int64(1), "share": false},
				map[string]any{"id": uid, "is_admin": admin, "notification_type": "email", "share": false, "signature": []any{"markup", "<div>" + name + "</div>"}}}
		}
		info["storeData"] = data
	}
	if v >= 19 {
		delete(info, "cache_hashes")
		delete(info, "display_switch_company_menu")
		info["registry_hash"] = "0000000000000000000000000000000000000000000000000000000000000000"
		info["groups"] = map[string]any{"base.group_allow_export": true}
		info["quick_login"] = true
		currency["name"] = "EUR"
		company1["currency_id"] = int64(1)
	}
	return info
}
