import{S as t,c as r}from"./chunk-TKJSUIKG.js";await t();r();
