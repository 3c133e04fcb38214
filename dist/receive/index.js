import{Q as t,c as r}from"./chunk-ESBQFM63.js";await t();r();
