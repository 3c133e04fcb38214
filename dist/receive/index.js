import{S as t,c as r}from"./chunk-ES32OARC.js";await t();r();
