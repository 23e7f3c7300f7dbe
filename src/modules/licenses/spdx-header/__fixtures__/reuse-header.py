#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2023 Jane Doe <jane@example.com>
# SPDX-License-Identifier: MIT OR Apache-2.0
print("hi")
