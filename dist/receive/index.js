import{F as t,c as r}from"./chunk-472RBODU.js";await t();r();
