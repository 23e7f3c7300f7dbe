// SPDX-License-Identifier: MIT/Apache-2.0
package main
